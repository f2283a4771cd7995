using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using PlexQueueServer.Auth;
using PlexQueueServer.Http;

namespace PlexQueueServer.Notifications;

/// <summary>
/// PMS's push endpoints: Server-Sent Events and a websocket carrying the same JSON messages, each listener
/// receiving only events about its own user's queues. Token as header or ?X-Plex-Token= (the token middleware).
/// </summary>
public static class NotificationsApi
{
    /// <summary>A comment line this often keeps proxies and browsers from closing an idle stream.</summary>
    public static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddSingleton<NotificationHub>();
        services.AddHostedService<NotificationDispatcher>();
        return services;
    }

    public static WebApplication MapNotifications(this WebApplication app)
    {
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(15) });
        app.MapGet("/:/eventsource/notifications", EventSourceAsync).WithName("getNotifications").WithTags("Events")
            .WithSummary("Connect to Eventsource")
            .WithDescription("A text/event-stream of JSON messages ({\"NotificationContainer\":{…}}) about your own queues: activity and transcodeSession.start|update|end. filters=a,b selects types, filters=-a,b excludes them.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapGet("/:/websockets/notifications", WebSocketAsync).WithName("connectWebSocket").WithTags("Events")
            .WithSummary("Connect to WebSocket")
            .WithDescription("The same messages as the event source, one text frame each (a websocket upgrade is required).");
        app.MapGet("/:/websocket/notifications", WebSocketAsync).ExcludeFromDescription(); // the path as the Plex SDKs spell it
        return app;
    }

    private static async Task EventSourceAsync(HttpContext context, NotificationHub hub, IHostApplicationLifetime lifetime, string? filters = null)
    {
        // Subscribed before the headers go out: a listener that sees the stream open misses nothing after it.
        using var subscription = hub.Subscribe(context.PlexUser().AccountId, NotificationFilter.Parse(filters));
        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx would otherwise hold messages back
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var writer = response.BodyWriter; // written as a batch, flushed once per batch: one chunk on the wire
        try
        {
            writer.Write("retry: 5000\n: connected\n\n"u8); // EventSource reconnects after 5 s
            await writer.FlushAsync(stop.Token);
            while (await NextAsync(subscription, stop.Token) is { } ready)
            {
                if (!ready) writer.Write(": ping\n\n"u8);
                while (subscription.Reader.TryRead(out var message))
                {
                    writer.Write("data: "u8);
                    writer.Write(message.Json);
                    writer.Write("\n\n"u8);
                }
                var flushed = await writer.FlushAsync(stop.Token);
                if (flushed.IsCompleted || flushed.IsCanceled) break;
            }
        }
        catch (OperationCanceledException) { } // the listener left, or the server is stopping
        catch (IOException) { }
    }

    private static async Task WebSocketAsync(HttpContext context, NotificationHub hub, IHostApplicationLifetime lifetime, string? filters = null)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await PlexResults.BadRequest("This route takes a websocket upgrade; use /:/eventsource/notifications for Server-Sent Events.").ExecuteAsync(context);
            return;
        }
        using var subscription = hub.Subscribe(context.PlexUser().AccountId, NotificationFilter.Parse(filters));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var receiving = DiscardUntilClosedAsync(socket, stop);
        try
        {
            while (await NextAsync(subscription, stop.Token) is { } ready)
            {
                if (!ready) continue; // the websocket's own keep-alive pings an idle connection
                while (subscription.Reader.TryRead(out var message))
                    await socket.SendAsync(message.Json, WebSocketMessageType.Text, endOfMessage: true, stop.Token);
            }
        }
        catch (OperationCanceledException) { }
        catch (WebSocketException) { }
        finally
        {
            await stop.CancelAsync();
            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                using var bye = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try { await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "server stopping", bye.Token); }
                catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException) { }
            }
        }
    }

    /// <summary>
    /// Waits for messages: true when some are ready, false when PingInterval passed without any, null when the
    /// subscription or the connection ended.
    /// </summary>
    private static async Task<bool?> NextAsync(NotificationSubscription subscription, CancellationToken stop)
    {
        using var ping = CancellationTokenSource.CreateLinkedTokenSource(stop);
        ping.CancelAfter(PingInterval);
        try { return await subscription.Reader.WaitToReadAsync(ping.Token) ? true : null; }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested) { return false; }
    }

    /// <summary>Listeners send nothing we use, but reading is how a close (or a dropped connection) is noticed.</summary>
    private static async Task DiscardUntilClosedAsync(WebSocket socket, CancellationTokenSource stop)
    {
        var buffer = new byte[1024];
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var result = await socket.ReceiveAsync(buffer, stop.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException) { }
        await stop.CancelAsync();
    }
}
