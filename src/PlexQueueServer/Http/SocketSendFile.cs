using System.Globalization;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace PlexQueueServer.Http;

/// <summary>
/// Kestrel has no sendfile(2): through it every byte of a download is read into user space and written back, which
/// caps one client at about half of nginx's speed. For a plain HTTP/1.x download on a cleartext TCP connection, the
/// response head is written on the connection's own socket and the file handed to the kernel with sendfile (.NET's
/// SendPackets with a file element), then the connection is closed: Kestrel did not write this response, so it cannot
/// go on with the connection after it (the head says <c>Connection: close</c>). Setting <c>Media:SendFile=false</c>
/// turns it off.
/// Headers that middleware adds in OnStarting callbacks never run here (Kestrel fires those), so requests that need
/// them keep Kestrel's path: a browser's (an Origin header: CORS). X-Plex-Protocol, which every answer carries, is added.
/// </summary>
public static class SocketSendFile
{
    public const string Setting = "Media:SendFile";

    /// <summary>One sendfile request; a client that does not take a slice within SliceTimeout is dropped (Kestrel's MinResponseDataRate, in effect).</summary>
    private const int SliceBytes = 16 << 20;
    private static readonly TimeSpan SliceTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The connection's socket when this response may bypass Kestrel; null when Kestrel must write it.</summary>
    public static Socket? SocketFor(HttpContext context)
    {
        var request = context.Request;
        if (request.IsHttps || context.Features.Get<ITlsConnectionFeature>() is not null) return null; // sendfile cannot encrypt
        if (request.Protocol != "HTTP/1.1" && request.Protocol != "HTTP/1.0") return null; // HTTP/2 frames its data
        if (!string.IsNullOrEmpty(request.Headers.Origin)) return null; // CORS headers come from an OnStarting callback
        if (context.Response.HasStarted || !OperatingSystem.IsLinux()) return null; // the wait below asks Linux
        if (context.RequestServices.GetService<IConfiguration>()?[Setting] is { } setting && bool.TryParse(setting, out var on) && !on) return null;
        var socket = context.Features.Get<IConnectionSocketFeature>()?.Socket;
        return socket is { Connected: true, SocketType: SocketType.Stream } ? socket : null;
    }

    /// <summary>
    /// Sends the status 200 head from the response's headers, then the file from offset 0; false (nothing written) when
    /// a header cannot go out verbatim. The connection is closed afterwards, whatever happened.
    /// </summary>
    public static async Task<bool> SendAsync(HttpContext context, Socket socket, FileStream file, long length)
    {
        var head = Head(context.Response, length);
        if (head is null) return false;
        using var args = new SocketAsyncEventArgs();
        var done = new Completion();
        args.Completed += (_, e) => done.Set(e);
        var ct = context.RequestAborted;
        var sent = false;
        try
        {
            long offset = 0;
            var first = true;
            while (first || offset < length)
            {
                var count = (int)Math.Min(SliceBytes, length - offset);
                var elements = new List<SendPacketsElement>(2);
                if (first) elements.Add(new SendPacketsElement(head));
                if (count > 0) elements.Add(new SendPacketsElement(file, offset, count));
                args.SendPacketsElements = elements.ToArray();
                var pending = done.Reset();
                if (!socket.SendPacketsAsync(args)) done.Set(args);
                await pending.WaitAsync(SliceTimeout, ct);
                offset += count;
                first = false;
            }
            sent = true;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException or TimeoutException)
        {
            // The client went away or stopped reading: the connection ends below; the head was already out, so no answer.
        }
        finally
        {
            // Closing the socket under Kestrel resets the connection, and a reset discards what the client has not read
            // yet. So: end our side after the data (FIN), let the client read it all and close, and only then let Kestrel go.
            if (sent)
            {
                try { socket.Shutdown(SocketShutdown.Send); } catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
                await ClientClosedAsync(socket, ct);
            }
            context.Abort(); // Kestrel must not write a response of its own on this connection
            await done.Idle(); // the socket's close completes a pending send; args and file outlive it
        }
        return true;
    }

    /// <summary>
    /// Until the client closes the connection (Kestrel then cancels the request), while it still takes data: the wait
    /// ends once its acknowledgements have stopped for SliceTimeout, or 10 s after it has acknowledged everything.
    /// </summary>
    private static async Task ClientClosedAsync(Socket socket, CancellationToken closed)
    {
        var lastProgress = System.Diagnostics.Stopwatch.GetTimestamp();
        var lastQueued = int.MaxValue;
        while (!closed.IsCancellationRequested)
        {
            int queued;
            try
            {
                if (Ioctl((int)socket.SafeHandle.DangerousGetHandle(), Tiocoutq, out queued) != 0) return; // cannot tell: end now
            }
            catch (Exception e) when (e is ObjectDisposedException or EntryPointNotFoundException or DllNotFoundException) { return; }
            if (queued < lastQueued) { lastQueued = queued; lastProgress = System.Diagnostics.Stopwatch.GetTimestamp(); }
            var idle = System.Diagnostics.Stopwatch.GetElapsedTime(lastProgress);
            if (idle >= (queued == 0 ? TimeSpan.FromSeconds(10) : SliceTimeout)) return;
            try { await Task.Delay(queued == 0 ? 20 : 50, closed); } catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Linux's SIOCOUTQ: bytes in the socket's send queue, not yet acknowledged by the peer.</summary>
    private const ulong Tiocoutq = 0x5411;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, ulong request, out int value);

    /// <summary>The response head, or null when a header holds what HTTP/1.1 cannot carry as is (Kestrel would refuse it too).</summary>
    private static byte[]? Head(HttpResponse response, long length)
    {
        var text = new StringBuilder(512);
        text.Append("HTTP/1.1 200 OK\r\n");
        text.Append("Date: ").Append(DateTimeOffset.UtcNow.ToString("r", CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Server: Kestrel\r\n");
        text.Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
        text.Append("Connection: close\r\n");
        if (!response.Headers.ContainsKey("X-Plex-Protocol")) text.Append("X-Plex-Protocol: 1.0\r\n");
        foreach (var (name, values) in response.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Date", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Server", StringComparison.OrdinalIgnoreCase)) continue;
            if (!IsToken(name)) return null;
            foreach (var value in values)
            {
                if (value is null || !IsFieldValue(value)) return null;
                text.Append(name).Append(": ").Append(value).Append("\r\n");
            }
        }
        text.Append("\r\n");
        return Encoding.ASCII.GetBytes(text.ToString());
    }

    private static bool IsToken(string name) => name.Length > 0 && name.All(c => c is > ' ' and < '\x7f' and not (':' or '(' or ')' or ',' or '/' or ';' or '<' or '=' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}' or '"'));

    private static bool IsFieldValue(string value) => value.All(c => c is '\t' or (>= ' ' and < '\x7f'));

    /// <summary>SocketAsyncEventArgs' completion as an awaitable, one send at a time.</summary>
    private sealed class Completion
    {
        private TaskCompletionSource _current = Done();

        private static TaskCompletionSource Done()
        {
            var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            source.SetResult();
            return source;
        }

        public Task Reset() => (_current = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Set(SocketAsyncEventArgs e)
        {
            if (e.SocketError == SocketError.Success) _current.TrySetResult();
            else _current.TrySetException(new SocketException((int)e.SocketError));
        }

        /// <summary>Completes when no send is pending (a failed one counts as ended).</summary>
        public Task Idle() => _current.Task.ContinueWith(static _ => { }, TaskScheduler.Default);
    }
}
