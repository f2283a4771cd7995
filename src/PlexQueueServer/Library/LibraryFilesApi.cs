using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>The files behind the keys the library emits: a Part's original file and a sidecar subtitle stream.</summary>
public static class LibraryFilesApi
{
    public static IEndpointRouteBuilder MapLibraryFiles(this IEndpointRouteBuilder routes)
    {
        string[] getOrHead = [HttpMethods.Get, HttpMethods.Head];
        routes.MapMethods("/library/parts/{partId}/{changedAt}/{filename}", getOrHead, GetPart).WithTags("Library")
            .WithName("getMediaPart").WithSummary("Get a media part's original file")
            .WithDescription("The original library file (Range and HEAD supported); download=1 answers it as an attachment with its name.");
        // Older clients drop the changedAt segment; PMS answers both forms.
        routes.MapMethods("/library/parts/{partId}/{filename}", getOrHead, GetPart).ExcludeFromDescription();
        routes.MapMethods("/library/streams/{streamId}", getOrHead, GetStream).WithTags("Library")
            .WithName("getStream").WithSummary("Get a sidecar subtitle stream's file");
        return routes;
    }

    /// <param name="changedAt">The part's updatedAt; ignored, as PMS does (it only defeats caches when a file changes).</param>
    /// <param name="filename">file.{ext}; ignored: the part id names the file.</param>
    /// <param name="download">1 asks for Content-Disposition: attachment with the file's name.</param>
    public static async Task<IResult> GetPart(string partId, string? changedAt, string? filename, string? download, PlexDbContext db,
        LibrarySections sections, HttpRequest request, ILoggerFactory loggers, CancellationToken ct)
    {
        if (!int.TryParse(partId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(partId)}' is not a valid part id: part ids are positive integers.");
        // Part id = media id = metadata id (MetadataMapper).
        var item = await db.Metadata.AsNoTracking().Where(m => m.Id == id && m.FilePath != null)
            .Select(m => new { m.FilePath }).FirstOrDefaultAsync(ct);
        if (item is null) return PlexResults.NotFound($"No media part with id {id}.");
        return Serve(item.FilePath!, download is "1" or "true", sections, request, loggers.CreateLogger(typeof(LibraryFiles)))
            ?? PlexResults.NotFound($"The file of part {id} is not on the server any more; refresh the library.");
    }

    /// <param name="streamId">The id, optionally with the extension clients append (/library/streams/42.srt, as the Plex SDKs call it).</param>
    public static async Task<IResult> GetStream(string streamId, string? download, PlexDbContext db, LibrarySections sections,
        HttpRequest request, ILoggerFactory loggers, CancellationToken ct)
    {
        var dot = streamId.IndexOf('.');
        if (dot > 0 && streamId[(dot + 1)..] is { Length: > 0 and <= 8 } ext && ext.All(char.IsAsciiLetterOrDigit)) streamId = streamId[..dot];
        if (!long.TryParse(streamId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(streamId)}' is not a valid stream id: stream ids are positive integers.");
        var sidecar = SidecarSubtitles.TryRowIdOf(id, out var rowId)
            ? await db.Sidecars.AsNoTracking().FirstOrDefaultAsync(s => s.Id == rowId, ct)
            : null;
        if (sidecar is null) return PlexResults.NotFound($"No sidecar subtitle stream with id {id}; streams inside a file are not served alone.");
        return Serve(sidecar.FilePath, download is "1" or "true", sections, request, loggers.CreateLogger(typeof(LibraryFiles)))
            ?? PlexResults.NotFound($"The file of stream {id} is not on the server any more; refresh the library.");
    }

    /// <summary>
    /// The file opened once and checked inside the sections (Library/LibraryFiles), as a file result (Range → 206,
    /// HEAD without body); null when missing or outside the library (logged: a swapped link is worth knowing about).
    /// </summary>
    private static IResult? Serve(string path, bool download, LibrarySections sections, HttpRequest request, ILogger logger)
    {
        var stream = LibraryFiles.OpenInside(path, sections.Roots, out var refused);
        if (stream is null)
        {
            if (File.Exists(path)) logger.LogWarning("Refused to serve {FilePath}: {Reason}", path, refused);
            return null;
        }
        var contentType = MediaContentTypes.Of(path);
        var lastModified = new DateTimeOffset(File.GetLastWriteTimeUtc(stream.SafeFileHandle), TimeSpan.Zero);
        RangeRequests.IgnoreUnusableRange(request, lastModified);
        // The result disposes the stream once sent (or on HEAD).
        return TypedResults.File(stream, contentType, download ? Path.GetFileName(path) : null, lastModified: lastModified, enableRangeProcessing: true);
    }
}
