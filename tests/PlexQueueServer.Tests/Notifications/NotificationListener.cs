using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.TestHost;

namespace PlexQueueServer.Tests.Notifications;

/// <summary>
/// A push listener as a dashboard runs one: over Server-Sent Events (read with a plain HTTP client and the token
/// header, as a page's fetch() does) or a websocket; it keeps every message it received, in order.
/// </summary>
public sealed class NotificationListener : IAsyncDisposable
{
    private readonly Channel<JsonNode> _incoming = Channel.CreateUnbounded<JsonNode>();
    private readonly List<JsonNode> _received = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _owned = [];
    private Task _reading = Task.CompletedTask;
    private bool _disposed;

    /// <summary>Every message read so far (up to the last WaitForAsync), in arrival order.</summary>
    public IReadOnlyList<JsonNode> Received => _received;

    public static async Task<NotificationListener> OpenEventSourceAsync(HttpClient client, string query = "")
    {
        var listener = new NotificationListener();
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/:/eventsource/notifications" + query),
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        listener._owned.Add(response);
        var stream = await response.Content.ReadAsStreamAsync();
        listener._reading = listener.ReadEventStreamAsync(stream);
        return listener;
    }

    public static async Task<NotificationListener> OpenWebSocketAsync(TestServer server, string token, string query = "")
    {
        var listener = new NotificationListener();
        var client = server.CreateWebSocketClient();
        var separator = query.Length == 0 ? "?" : "&";
        // Browsers cannot set headers on a websocket: the token goes in the query, as python clients send it.
        var socket = await client.ConnectAsync(new Uri(server.BaseAddress, $"/:/websockets/notifications{query}{separator}X-Plex-Token={token}"), CancellationToken.None);
        listener._owned.Add(socket);
        listener._reading = listener.ReadWebSocketAsync(socket);
        return listener;
    }

    private async Task ReadEventStreamAsync(Stream stream)
    {
        try
        {
            using var reader = new StreamReader(stream, Encoding.UTF8);
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
                if (line.StartsWith("data: ", StringComparison.Ordinal)) await _incoming.Writer.WriteAsync(JsonNode.Parse(line[6..])!);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException) { }
        finally { _incoming.Writer.TryComplete(); }
    }

    private async Task ReadWebSocketAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer, _stop.Token);
                    if (result.MessageType == WebSocketMessageType.Close) return;
                    Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                await _incoming.Writer.WriteAsync(JsonNode.Parse(message.ToArray())!);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException) { }
        finally { _incoming.Writer.TryComplete(); }
    }

    /// <summary>Reads until a message matches (generous timeout: conversions on a busy machine), keeping all it read.</summary>
    public async Task<JsonNode> WaitForAsync(Func<JsonNode, bool> match, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            while (true)
            {
                var message = await _incoming.Reader.ReadAsync(timeout.Token);
                _received.Add(message);
                if (match(message)) return message;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            throw new TimeoutException($"No message {what}; received: {string.Join("\n", _received.Select(m => m.ToJsonString()))}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _stop.CancelAsync();
        foreach (var owned in _owned) owned.Dispose();
        await _reading;
        _stop.Dispose();
    }
}

/// <summary>Reading the PMS message shapes.</summary>
public static class Notification
{
    private static int _plans = 3000;

    /// <summary>Forced conversion with a bitrate cap no other item asked for: its own ffmpeg run, never a shared one.</summary>
    public static string OwnConversion() => $"&directStream=0&videoBitrate={Interlocked.Increment(ref _plans)}";

    public static string Type(this JsonNode message) => (string)message["NotificationContainer"]!["type"]!;

    public static JsonNode? Activity(this JsonNode message) => message["NotificationContainer"]!["ActivityNotification"]?[0];

    public static JsonNode? Session(this JsonNode message) => message["NotificationContainer"]!["TranscodeSession"]?[0];

    public static int? ItemId(this JsonNode message) => (int?)message.Activity()?["Activity"]?["Context"]?["itemID"];

    public static string? Status(this JsonNode message) => (string?)message.Activity()?["Activity"]?["Context"]?["status"];

    public static string? Event(this JsonNode message) => (string?)message.Activity()?["event"];

    public static string SessionKey(int itemId, int attempt = 0) => $"/transcode/sessions/download-{itemId}-{attempt}";

    /// <summary>An activity or transcode session message about this item (its first attempt).</summary>
    public static bool IsAbout(this JsonNode message, int itemId) =>
        message.ItemId() == itemId || (string?)message.Session()?["key"] == SessionKey(itemId);

    public static bool IsActivity(this JsonNode message, int itemId, string status) =>
        message.Type() == "activity" && message.ItemId() == itemId && message.Status() == status;
}
