using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>The files behind the keys the library emits: a Part's original file and a sidecar subtitle stream.</summary>
public static class LibraryFilesApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = CreateContentTypes();

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
        LibrarySections sections, CancellationToken ct)
    {
        if (!int.TryParse(partId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(partId)}' is not a valid part id: part ids are positive integers.");
        // Part id = media id = metadata id (MetadataMapper).
        var item = await db.Metadata.AsNoTracking().Where(m => m.Id == id && m.FilePath != null)
            .Select(m => new { m.FilePath }).FirstOrDefaultAsync(ct);
        if (item is null) return PlexResults.NotFound($"No media part with id {id}.");
        return Serve(item.FilePath!, download is "1" or "true", sections)
            ?? PlexResults.NotFound($"The file of part {id} is not on the server any more; refresh the library.");
    }

    public static async Task<IResult> GetStream(string streamId, string? download, PlexDbContext db, LibrarySections sections, CancellationToken ct)
    {
        if (!long.TryParse(streamId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(streamId)}' is not a valid stream id: stream ids are positive integers.");
        var sidecar = SidecarSubtitles.TryRowIdOf(id, out var rowId)
            ? await db.Sidecars.AsNoTracking().FirstOrDefaultAsync(s => s.Id == rowId, ct)
            : null;
        if (sidecar is null) return PlexResults.NotFound($"No sidecar subtitle stream with id {id}; streams inside a file are not served alone.");
        return Serve(sidecar.FilePath, download is "1" or "true", sections)
            ?? PlexResults.NotFound($"The file of stream {id} is not on the server any more; refresh the library.");
    }

    /// <summary>The opened file as a file result (Range → 206, HEAD without body); null when missing or outside the library.</summary>
    private static IResult? Serve(string path, bool download, LibrarySections sections)
    {
        var stream = OpenInsideSections(path, sections);
        if (stream is null) return null;
        if (!ContentTypes.TryGetContentType(path, out var contentType)) contentType = "application/octet-stream";
        var lastModified = File.GetLastWriteTimeUtc(path);
        // The result disposes the stream once sent (or on HEAD).
        return TypedResults.File(stream, contentType, download ? Path.GetFileName(path) : null,
            lastModified: new DateTimeOffset(lastModified, TimeSpan.Zero), enableRangeProcessing: true);
    }

    // Same principle as Library/LibraryFiles.cs (open once, check the opened file's real path, serve that handle); switch to it when merged.
    private static FileStream? OpenInsideSections(string path, LibrarySections sections)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.ReadWrite | FileShare.Delete,
                Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
        // The handle's own path on Linux: a link swapped in after the check cannot redirect what is served.
        var real = LibraryPaths.RealPathOf(stream) ?? LibraryPaths.RealPath(path);
        if (real is not null && sections.All.Any(s => LibraryPaths.RealPath(s.Path) is { } root && LibraryPaths.Inside(real, root)))
            return stream;
        stream.Dispose();
        return null;
    }

    private static FileExtensionContentTypeProvider CreateContentTypes()
    {
        var provider = new FileExtensionContentTypeProvider();
        provider.Mappings[".mkv"] = "video/x-matroska";
        provider.Mappings[".m4a"] = "audio/mp4";
        provider.Mappings[".flac"] = "audio/flac";
        provider.Mappings[".opus"] = "audio/ogg";
        provider.Mappings[".srt"] = "application/x-subrip";
        provider.Mappings[".vtt"] = "text/vtt";
        provider.Mappings[".ass"] = "text/x-ssa";
        provider.Mappings[".ssa"] = "text/x-ssa";
        return provider;
    }
}

/// <summary>Real paths (every symlink followed) and containment, for files the library serves or lists.</summary>
internal static class LibraryPaths
{
    /// <summary>The path of an opened file as the kernel sees it (Linux /proc); null elsewhere.</summary>
    public static string? RealPathOf(FileStream stream)
    {
        if (!OperatingSystem.IsLinux()) return null;
        try
        {
            var fd = stream.SafeFileHandle.DangerousGetHandle().ToInt64();
            return new FileInfo($"/proc/self/fd/{fd}").LinkTarget;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return null; }
    }

    /// <summary>realpath(3): the absolute path with every link in every segment followed; null when broken or looping.</summary>
    public static string? RealPath(string path, int depth = 0)
    {
        if (depth > 32) return null;
        try
        {
            var full = Path.GetFullPath(path);
            var root = Path.GetPathRoot(full)!;
            var current = root;
            foreach (var segment in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
            {
                var next = Path.Combine(current, segment);
                FileSystemInfo info = new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    var resolved = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
                    if (resolved is null) return null;
                    next = resolved;
                }
                current = next;
            }
            return current;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException) { return null; }
    }

    public static bool Inside(string path, string root) =>
        path == root || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
