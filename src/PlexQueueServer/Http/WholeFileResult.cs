using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace PlexQueueServer.Http;

/// <summary>
/// A plain GET of a whole media file (no Range, no conditions), the download every client makes: the file is read
/// straight into Kestrel's output pipe in large chunks. ASP.NET's file result copies through its own 64 KB buffer
/// into the pipe (a second copy) and flushes every 64 KB; this halves the copies and the flushes. Range, HEAD and
/// conditional requests keep ASP.NET's file result (206, 304, 412 and their headers). On a cleartext HTTP/1.x
/// connection the kernel sends the file instead (SocketSendFile).
/// </summary>
public sealed class WholeFileResult(FileStream file, string contentType, string downloadName, DateTimeOffset lastModified) : IResult
{
    private const int ChunkSize = 512 * 1024;

    public static bool Suits(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && string.IsNullOrEmpty(request.Headers.Range)
        && string.IsNullOrEmpty(request.Headers.IfMatch) && string.IsNullOrEmpty(request.Headers.IfNoneMatch)
        && string.IsNullOrEmpty(request.Headers.IfModifiedSince) && string.IsNullOrEmpty(request.Headers.IfUnmodifiedSince)
        && string.IsNullOrEmpty(request.Headers.IfRange);

    public async Task ExecuteAsync(HttpContext context)
    {
        await using var _ = file;
        var response = context.Response;
        var handle = file.SafeFileHandle;
        var length = RandomAccess.GetLength(handle);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = length;
        response.Headers.AcceptRanges = "bytes";
        response.Headers.LastModified = lastModified.ToUniversalTime().ToString("r", CultureInfo.InvariantCulture);
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(downloadName); // as ASP.NET's file result writes it (filename and filename*)
        response.Headers.ContentDisposition = disposition.ToString();
        // Plain HTTP/1.x: the kernel sends the file (sendfile), as nginx does (SocketSendFile.cs).
        if (SocketSendFile.SocketFor(context) is { } socket && await SocketSendFile.SendAsync(context, socket, file, length)) return;

        var writer = response.BodyWriter;
        var ct = context.RequestAborted;
        long offset = 0;
        try
        {
            while (offset < length)
            {
                var memory = writer.GetMemory((int)Math.Min(ChunkSize, length - offset));
                if (memory.Length > length - offset) memory = memory[..(int)(length - offset)];
                var read = await RandomAccess.ReadAsync(handle, memory, offset, ct);
                if (read == 0) break; // the file shrank under us: the client sees a short body, as with any server
                writer.Advance(read);
                offset += read;
                var flushed = await writer.FlushAsync(ct);
                if (flushed.IsCompleted || flushed.IsCanceled) break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { } // the client went away
    }
}
