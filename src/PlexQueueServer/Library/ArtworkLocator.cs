using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>Where a picture comes from: an image file, a music file's embedded cover, or a frame of a video.</summary>
/// <param name="IsArt">Found as background art (fanart.jpg…); art without one is the thumb.</param>
public sealed record PictureSource(string Path, PictureSourceKind Kind, int StreamIndex = -1, double AtSeconds = 0, bool IsArt = false);

public enum PictureSourceKind { Image, EmbeddedCover, VideoFrame }

/// <summary>
/// Picks an item's thumb or art as PMS does with local assets: a picture file beside the media wins (Name.jpg,
/// poster.jpg, folder.jpg, cover.jpg…), then a music file's embedded cover, then a frame at ~10% of a video.
/// Containers (show, season, artist, album) look in their own folder, then at their first leaf.
/// </summary>
public static class ArtworkLocator
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp"];

    public static async Task<(PictureSource? Source, string Reason)> FindAsync(MetadataItem item, string kind, LibrarySection section,
        PlexDbContext db, CancellationToken ct)
    {
        var leaves = await LeavesAsync(item, db, ct);
        var leaf = leaves.FirstOrDefault()?.FilePath;
        if (leaf is not null && item.FilePath is null) LibraryFolders.Remember(section, item.Id, leaf);
        var folder = LibraryFolders.FolderOf(item, leaf, section);

        if (folder is not null && kind == "art" && Image(folder, ArtNames(item, folder, section), section) is { } art) return (art with { IsArt = true }, "");
        if (folder is not null && Image(folder, ThumbNames(item, folder, section), section) is { } own) return (own, "");
        // Seasons without a folder of their own: Kodi's season01-poster.jpg / Plex's Season01.jpg in the show folder.
        if (item.Type == "season" && item.Index is { } season && leaf is not null
            && LibraryFolders.FolderOf(new MetadataItem { Type = "show" }, leaf, section) is { } showFolder)
        {
            var n = season.ToString("00", CultureInfo.InvariantCulture);
            if (Image(showFolder, [$"season{n}-poster", $"season{n}", $"season {n}"], section) is { } seasonPoster) return (seasonPoster, "");
        }

        switch (item.Type)
        {
            case "track" or "album" or "artist":
                foreach (var track in leaves.Take(5))
                    if (EmbeddedCover(track) is { } index) return (new PictureSource(track.FilePath!, PictureSourceKind.EmbeddedCover, index), "");
                // A track's album folder (cover.jpg) when the track itself has none.
                if (item.Type == "track" && leaf is not null
                    && LibraryFolders.FolderOf(new MetadataItem { Type = "album" }, leaf, section) is { } albumFolder
                    && Image(albumFolder, ["cover", "folder", "front", "album"], section) is { } cover) return (cover, "");
                return (null, $"Item {item.Id} has no picture: no embedded cover and no cover.jpg or folder.jpg in its folder.");
            default:
                var video = leaves.FirstOrDefault(l => l.FilePath is not null);
                if (video is null) return (null, $"Item {item.Id} has no picture: it has no video file.");
                return (new PictureSource(video.FilePath!, PictureSourceKind.VideoFrame, AtSeconds: video.DurationMs / 10 / 1000.0), "");
        }
    }

    /// <summary>The item itself when it has a file, else its first leaves (episodes or tracks) in order, two levels down at most.</summary>
    private static async Task<List<MetadataItem>> LeavesAsync(MetadataItem item, PlexDbContext db, CancellationToken ct)
    {
        if (item.FilePath is not null) return [item];
        var children = await db.Metadata.AsNoTracking().Where(m => m.ParentId == item.Id).OrderBy(m => m.Index).ThenBy(m => m.Id).Take(50).ToListAsync(ct);
        if (children.Any(c => c.FilePath is not null)) return children.Where(c => c.FilePath is not null).ToList();
        var ids = children.Select(c => c.Id).ToList();
        var grandchildren = await db.Metadata.AsNoTracking().Where(m => m.ParentId != null && ids.Contains(m.ParentId.Value) && m.FilePath != null)
            .Take(200).ToListAsync(ct);
        return grandchildren.OrderBy(g => ids.IndexOf(g.ParentId!.Value)).ThenBy(g => g.Index).ThenBy(g => g.Id).ToList();
    }

    private static IEnumerable<string> ThumbNames(MetadataItem item, string folder, LibrarySection section)
    {
        var stem = item.FilePath is null ? null : Path.GetFileNameWithoutExtension(item.FilePath);
        if (stem is not null) { yield return stem; yield return stem + "-poster"; yield return stem + "-thumb"; }
        // Shared names belong to the folder's item: never to a file straight in the section root, nor to an episode or track.
        if (LibraryFolders.IsSectionRoot(folder, section) || item.Type is "episode" or "track") yield break;
        foreach (var name in item.Type switch
                 {
                     "artist" => new[] { "artist", "folder", "poster" },
                     "album" => ["cover", "folder", "front", "album"],
                     "show" => ["poster", "folder", "show"],
                     _ => ["poster", "folder", "cover", "movie"],
                 })
            yield return name;
    }

    private static IEnumerable<string> ArtNames(MetadataItem item, string folder, LibrarySection section)
    {
        if (item.FilePath is not null) yield return Path.GetFileNameWithoutExtension(item.FilePath) + "-fanart";
        if (LibraryFolders.IsSectionRoot(folder, section) || item.Type is "episode" or "track") yield break;
        foreach (var name in new[] { "fanart", "backdrop", "art", "background" }) yield return name;
    }

    /// <summary>The first existing picture among the names (any image extension, any case), inside the section.</summary>
    private static PictureSource? Image(string folder, IEnumerable<string> names, LibrarySection section)
    {
        Dictionary<string, string> files;
        try
        {
            files = new DirectoryInfo(folder).EnumerateFiles("*", new EnumerationOptions { IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseInsensitive })
                .Where(f => ImageExtensions.Contains(f.Extension.ToLowerInvariant()) && f.Length is > 0 and < 50 << 20)
                .Take(500)
                .GroupBy(f => Path.GetFileNameWithoutExtension(f.Name), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.First().FullName, StringComparer.OrdinalIgnoreCase);
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
        foreach (var name in names)
            if (files.TryGetValue(name, out var path) && LibraryFolders.RealPathInside(path, section) is not null)
                return new PictureSource(path, PictureSourceKind.Image);
        return null;
    }

    /// <summary>The stream index of a cover picture (attached_pic) in the cached ffprobe JSON.</summary>
    private static int? EmbeddedCover(MetadataItem track)
    {
        if (string.IsNullOrEmpty(track.ProbeJson)) return null;
        try
        {
            using var doc = JsonDocument.Parse(track.ProbeJson);
            if (!doc.RootElement.TryGetProperty("streams", out var streams) || streams.ValueKind != JsonValueKind.Array) return null;
            foreach (var stream in streams.EnumerateArray())
            {
                if (stream.TryGetProperty("disposition", out var d) && d.TryGetProperty("attached_pic", out var pic)
                    && pic.ValueKind == JsonValueKind.Number && pic.GetInt32() == 1 && stream.TryGetProperty("index", out var index))
                    return index.GetInt32();
            }
        }
        catch (JsonException) { }
        return null;
    }
}
