using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>
/// Where an item's pictures and .nfo live. Albums, artists, shows and seasons have no file of their own, so their
/// folder is derived from one leaf below them (remembered per section root and id; ids are never reused).
/// </summary>
public static class LibraryFolders
{
    private static readonly ConcurrentDictionary<(string Root, int Id), string> LeafOfContainer = new();

    public static void Remember(LibrarySection section, int containerId, string leafPath) =>
        LeafOfContainer[(section.Path, containerId)] = leafPath;

    public static string? KnownLeaf(LibrarySection section, MetadataItem item) =>
        item.FilePath ?? LeafOfContainer.GetValueOrDefault((section.Path, item.Id));

    /// <summary>The first leaf of each container among the items, in two queries (containers of containers take a second).</summary>
    public static async Task PreloadAsync(IReadOnlyCollection<MetadataItem> items, LibrarySections sections, PlexDbContext db, CancellationToken ct)
    {
        var missing = items.Where(i => i.FilePath is null && sections.Find(i.SectionId) is { } s && KnownLeaf(s, i) is null).ToList();
        if (missing.Count == 0) return;
        var ids = missing.Select(m => m.Id).ToList();
        var children = await db.Metadata.AsNoTracking().Where(m => m.ParentId != null && ids.Contains(m.ParentId.Value))
            .OrderBy(m => m.Index).ThenBy(m => m.Id).Select(m => new { m.Id, Parent = m.ParentId!.Value, m.FilePath }).ToListAsync(ct);
        var subIds = children.Where(c => c.FilePath is null).Select(c => c.Id).ToList();
        var grandchildren = subIds.Count == 0 ? [] : await db.Metadata.AsNoTracking()
            .Where(m => m.ParentId != null && subIds.Contains(m.ParentId.Value) && m.FilePath != null)
            .OrderBy(m => m.Index).ThenBy(m => m.Id).Select(m => new { Parent = m.ParentId!.Value, m.FilePath }).ToListAsync(ct);
        foreach (var item in missing)
        {
            var section = sections.Find(item.SectionId)!;
            var leaf = children.Where(c => c.Parent == item.Id).Select(c => c.FilePath
                ?? grandchildren.FirstOrDefault(g => g.Parent == c.Id)?.FilePath).FirstOrDefault(p => p is not null);
            if (leaf is not null) Remember(section, item.Id, leaf);
        }
    }

    /// <summary>
    /// The item's own folder: a leaf's folder; an album's (its tracks' folder); an artist's (above its albums'); a show's
    /// (first folder under the section); a season's (the episodes' folder when it is below the show's). Null when the
    /// item has no folder of its own (e.g. files straight in the section root).
    /// </summary>
    public static string? FolderOf(MetadataItem item, string? leafPath, LibrarySection section)
    {
        if (leafPath is null) return null;
        var root = section.Path;
        var relative = Path.GetRelativePath(root, leafPath).Split(Path.DirectorySeparatorChar);
        if (relative.Length == 0 || relative[0] == "..") return null;
        var leafFolder = Path.GetDirectoryName(leafPath)!;
        return item.Type switch
        {
            "show" => relative.Length >= 2 ? Path.Combine(root, relative[0]) : null,
            "season" => relative.Length >= 3 ? leafFolder : null,
            "album" => relative.Length >= 2 ? leafFolder : null,
            "artist" => relative.Length >= 3 ? Path.GetDirectoryName(leafFolder) : null,
            _ => leafFolder,
        };
    }

    /// <summary>True when the folder is the section root: names like poster.jpg there belong to no single item.</summary>
    public static bool IsSectionRoot(string folder, LibrarySection section) =>
        string.Equals(Path.TrimEndingDirectorySeparator(folder), Path.TrimEndingDirectorySeparator(section.Path), StringComparison.Ordinal);

    /// <summary>
    /// The file's real path (every link followed) when it is inside the section's real root, else null: checked at the
    /// moment of use, since a picture or .nfo can be swapped for a link after the scan.
    /// </summary>
    public static string? RealPathInside(string path, LibrarySection section)
    {
        var real = LibraryFiles.RealPath(path);
        var root = LibraryFiles.RealPath(section.Path);
        return real is not null && root is not null && real != root && LibraryFiles.IsInside(real, root) ? real : null;
    }
}
