using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Conversion;
using PlexQueueServer.Http;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Queue;

public static class MediaApi
{
    public static IEndpointRouteBuilder MapDownloadQueueMedia(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/downloadQueue/{queueId}/item/{itemId}/media", [HttpMethods.Get, HttpMethods.Head], GetMedia)
            .WithName("getDownloadQueueMedia").WithTags("Download Queue").WithSummary("Grab download queue media")
            .WithDescription("The finished file (Range and HEAD supported); 503 with Retry-After until it is complete.");
        return routes;
    }

    internal static async Task<IResult> GetMedia(int queueId, int itemId, HttpContext context, DownloadQueueService queues,
        TranscodeJobs jobs, LibrarySections sections, ResolvedPaths paths, ILoggerFactory loggers, CancellationToken ct)
    {
        var queue = await queues.FindOwnedAsync(context.PlexUser(), queueId, ct);
        if (queue is null) return PlexResults.NotFound($"No download queue {queueId} for this user.");
        var item = (await queues.FindItemsAsync(queueId, [itemId], ct)).FirstOrDefault();
        if (item is null) return PlexResults.NotFound($"No item {itemId} in queue {queueId}.");

        switch (item.Status)
        {
            case ItemStatus.Deciding or ItemStatus.Waiting or ItemStatus.Processing:
                // Seconds left as estimated from progress; -1 while unknown (deciding, waiting, just started).
                var remaining = item.Status is ItemStatus.Processing ? jobs.Find(item.Id)?.RemainingSeconds : null;
                context.Response.Headers.RetryAfter = (remaining ?? -1).ToString();
                return PlexResults.Error(StatusCodes.Status503ServiceUnavailable, $"Item {itemId} is {item.Status.ToPlex()}; the file is not ready yet.");
            case ItemStatus.Expired:
                return PlexResults.Error(StatusCodes.Status410Gone, $"Item {itemId} expired and its file was removed; restart it to convert again.");
            case ItemStatus.Error:
                return PlexResults.NotFound($"Item {itemId} failed ({item.Error}): {item.ErrorReason}");
        }

        if (item.MediaPath is null || !File.Exists(item.MediaPath))
            return PlexResults.Error(StatusCodes.Status410Gone, $"The file for item {itemId} is no longer on the server; restart it.");
        // An original must still be inside a library section, a conversion inside the cache: checked on the opened file.
        IReadOnlyCollection<string> roots = item.MediaIsOriginal ? sections.Roots : [paths.CachePath];
        var file = LibraryFiles.OpenInside(item.MediaPath, roots, out var refused);
        if (file is null)
        {
            loggers.CreateLogger(typeof(MediaApi).FullName!).LogWarning("Item {ItemId} queue {QueueId}: not served, {Reason}", item.Id, queueId, refused);
            return PlexResults.Error(StatusCodes.Status403Forbidden, $"The file for item {itemId} is not inside the library folders (or cannot be read); it is not served.");
        }
        var extension = Path.GetExtension(item.MediaPath);
        var contentType = MediaContentTypes.Of(item.MediaPath);
        var name = SafeFileName(item.Title ?? $"item-{item.Id}") + extension;
        var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(file.SafeFileHandle));
        RangeRequests.IgnoreUnusableRange(context.Request, lastModified);
        // Optional nginx in front: it sends the file checked above with sendfile (Http/AccelRedirect.cs).
        if (context.RequestServices.GetRequiredService<IConfiguration>()[AccelRedirect.Setting] is { Length: > 0 } prefix)
        {
            await using var opened = file;
            if (AccelRedirect.PathFor(prefix, opened, paths.CachePath, sections.Roots) is { } redirect) return AccelRedirect.Result(redirect, contentType, name);
            return PlexResults.Error(StatusCodes.Status403Forbidden, $"The file for item {itemId} is not inside the library folders; it is not served.");
        }
        // The plain whole-file GET (what downloads are): sent by the kernel, or straight into the output pipe (Http/WholeFileResult.cs).
        if (WholeFileResult.Suits(context.Request)) return new WholeFileResult(file, contentType, name, lastModified);
        // ASP.NET's file result does Range (206), HEAD without body and Content-Length, and disposes the stream.
        return TypedResults.File(file, contentType, name, lastModified, enableRangeProcessing: true);
    }

    private static string SafeFileName(string title)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['"', '\\', '/']).ToHashSet();
        var cleaned = new string(title.Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim();
        return cleaned.Length == 0 ? "media" : cleaned[..Math.Min(cleaned.Length, 150)];
    }
}
