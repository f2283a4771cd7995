using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlexQueueServer.Notifications;
using PlexQueueServer.Tests.Browser;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Notifications;

/// <summary>
/// Over a real socket, as a page reads it: the event stream with the token in a header (fetch(), since EventSource
/// cannot set one) and a websocket with the token in the query; each message arrives as it happens, not at the end.
/// </summary>
public class PushOverSocketTests(KestrelServerFactory factory) : IClassFixture<KestrelServerFactory>
{
    [Fact]
    public async Task A_page_reads_its_events_live_over_http_and_a_websocket()
    {
        using var http = new HttpClient { BaseAddress = new Uri(factory.BaseUrl), Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Plex-Token", PlexServerFactory.AliceToken);
        http.DefaultRequestHeaders.Add("X-Plex-Client-Identifier", "push-socket");
        http.DefaultRequestHeaders.Add("Accept", "application/json");
        await using var stream = await NotificationListener.OpenEventSourceAsync(http);
        using var socket = new ClientWebSocket();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{factory.Port}/:/websockets/notifications?X-Plex-Token={PlexServerFactory.AliceToken}"), timeout.Token);

        var queueId = await http.CreateQueueAsync();
        var itemId = await http.AddAsync(queueId, await http.FindRatingKeyAsync(1, "Direct Movie"));

        await stream.WaitForAsync(m => m.IsActivity(itemId, "available"), "over the event stream");
        Assert.Equal(["started", "ended"], stream.Received.Where(m => m.ItemId() == itemId).Select(m => m.Event()));
        var received = new List<JsonNode>();
        var buffer = new byte[64 * 1024];
        while (!received.Any(m => m.IsActivity(itemId, "available")))
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult frame;
            do
            {
                frame = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.Equal(WebSocketMessageType.Text, frame.MessageType);
                message.Write(buffer, 0, frame.Count);
            } while (!frame.EndOfMessage);
            received.Add(JsonNode.Parse(message.ToArray())!);
        }
        Assert.Equal(["started", "ended"], received.Where(m => m.ItemId() == itemId).Select(m => m.Event()));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);

        // Both hung up: the server lets go of them (nothing keeps collecting messages for a gone listener).
        await stream.DisposeAsync();
        var hub = factory.Services.GetRequiredService<NotificationHub>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (hub.ListenerCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Equal(0, hub.ListenerCount);
    }
}
