using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>A picture on disk to send, or why there is none (404 for a missing picture, 400 for a bad request).</summary>
public sealed record ArtworkAnswer(string? Path, int Status, string Reason)
{
    public static ArtworkAnswer Found(string path) => new(path, StatusCodes.Status200OK, "");
    public static ArtworkAnswer Missing(string reason) => new(null, StatusCodes.Status404NotFound, reason);
}

/// <summary>
/// Thumbs and art as cached JPEGs under Library:ThumbPath ({DataPath}/thumbs). A cached file is named after what it
/// was made from (source path, size and mtime, the item's updatedAt), so a changed item or picture makes a new one.
/// Concurrent requests for the same picture wait for one ffmpeg; at most two run at once.
/// </summary>
public sealed class Artwork(IServiceScopeFactory scopes, LibrarySections sections, ResolvedPaths paths, IOptions<LibraryOptions> library,
    IOptions<TranscoderOptions> transcoder, IHostApplicationLifetime lifetime, ILogger<Artwork> logger)
{
    private readonly ConcurrentDictionary<string, Lazy<Task<ArtworkAnswer>>> inflight = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim slots = new(2, 2);

    public string Folder { get; } = Path.GetFullPath(string.IsNullOrWhiteSpace(library.Value.ThumbPath)
        ? Path.Combine(paths.DataPath, "thumbs") : library.Value.ThumbPath);

    private string Ffmpeg => string.IsNullOrWhiteSpace(transcoder.Value.FfmpegPath)
        ? "ffmpeg" : Path.Combine(transcoder.Value.FfmpegPath, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");

    /// <param name="kind">thumb or art.</param>
    public async Task<ArtworkAnswer> GetAsync(int id, string kind, CancellationToken ct)
    {
        MetadataItem? item;
        PictureSource? source;
        string reason;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            item = await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            if (item is null) return ArtworkAnswer.Missing($"No library item with rating key {id}.");
            if (sections.Find(item.SectionId) is not { } section) return ArtworkAnswer.Missing($"Item {id} is in no configured section.");
            (source, reason) = await ArtworkLocator.FindAsync(item, kind, section, db, ct);
            if (source is null) return ArtworkAnswer.Missing(reason);
            // Art without a picture of its own is the thumb: one file and one ffmpeg for both.
            if (kind == "art" && !source.IsArt) return await GetAsync(id, "thumb", ct);
            var real = LibraryFolders.RealPathInside(source.Path, section);
            if (real is null) return ArtworkAnswer.Missing($"The picture source of item {id} is no longer in the library.");
            var file = new FileInfo(real);
            var name = $"{id}-{kind}-{Hash(kind, source, real, file.Length, file.LastWriteTimeUtc.Ticks, item.UpdatedAt.Ticks)}.jpg";
            var target = Path.Combine(Folder, name);
            if (File.Exists(target)) return ArtworkAnswer.Found(target);
            return await OnceAsync(name, async stopping =>
            {
                var answer = await MakeAsync(target, work => PictureGrabber.GrabAsync(Ffmpeg, real, source, work, Path.Combine(work, "out.jpg"),
                    PictureGrabber.OriginalFilter, stopping), $"item {id} {kind}", stopping);
                if (answer.Path is not null) RemoveOlder(id, kind, name);
                return answer;
            }, ct);
        }
    }

    /// <summary>A picture fitted to width×height (cover with minSize, enlarged only with upscale), made from the cached original.</summary>
    public async Task<ArtworkAnswer> GetResizedAsync(int id, string kind, int? width, int? height, bool cover, bool upscale, CancellationToken ct)
    {
        var original = await GetAsync(id, kind, ct);
        if (original.Path is null) return original;
        var size = $"{width?.ToString(CultureInfo.InvariantCulture) ?? "-"}x{height?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
        var name = Path.GetFileNameWithoutExtension(original.Path) + $"-{size}{(cover ? "-c" : "")}{(upscale ? "-u" : "")}.jpg";
        var target = Path.Combine(Folder, name);
        if (File.Exists(target)) return ArtworkAnswer.Found(target);
        var filter = PictureGrabber.ScaleFilter(width, height, cover, upscale);
        return await OnceAsync(name, stopping => MakeAsync(target,
            work => PictureGrabber.ResizeAsync(Ffmpeg, original.Path, Path.Combine(work, "out.jpg"), filter, stopping),
            $"item {id} {kind} at {size}", stopping), ct);
    }

    /// <summary>One run per cache file: later callers wait for the first (their own cancellation only stops their wait).</summary>
    private async Task<ArtworkAnswer> OnceAsync(string name, Func<CancellationToken, Task<ArtworkAnswer>> make, CancellationToken ct)
    {
        var lazy = inflight.GetOrAdd(name, _ => new Lazy<Task<ArtworkAnswer>>(async () =>
        {
            try
            {
                await slots.WaitAsync(lifetime.ApplicationStopping);
                try { return await make(lifetime.ApplicationStopping); }
                finally { slots.Release(); }
            }
            finally { inflight.TryRemove(name, out Lazy<Task<ArtworkAnswer>>? _); }
        }));
        return await lazy.Value.WaitAsync(ct);
    }

    private async Task<ArtworkAnswer> MakeAsync(string target, Func<string, Task<(bool Ok, string Error)>> run, string what, CancellationToken ct)
    {
        var work = Path.Combine(Folder, "tmp", Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(work);
            var (ok, error) = await run(work);
            if (!ok)
            {
                logger.LogWarning("Picture for {What} failed: {FfmpegError}", what, error);
                return ArtworkAnswer.Missing($"The picture for {what} could not be made: {(error.Length > 0 ? error : "ffmpeg wrote nothing")}.");
            }
            File.Move(Path.Combine(work, "out.jpg"), target, overwrite: true);
            return ArtworkAnswer.Found(target);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            logger.LogWarning(ex, "Picture for {What} failed", what);
            return ArtworkAnswer.Missing($"The picture for {what} could not be made.");
        }
        finally
        {
            try { if (Directory.Exists(work)) Directory.Delete(work, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Pictures made from an older state of the item (and their resized copies) are dropped once a new one exists.</summary>
    private void RemoveOlder(int id, string kind, string current)
    {
        var keep = Path.GetFileNameWithoutExtension(current);
        try
        {
            foreach (var file in Directory.EnumerateFiles(Folder, $"{id}-{kind}-*.jpg"))
                if (!Path.GetFileName(file).StartsWith(keep, StringComparison.Ordinal)) File.Delete(file);
        }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string Hash(string kind, PictureSource source, string real, long size, long modified, long updated)
    {
        var text = string.Join('|', kind, source.Kind, source.StreamIndex, source.AtSeconds.ToString(CultureInfo.InvariantCulture), real, size, modified, updated);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }
}
