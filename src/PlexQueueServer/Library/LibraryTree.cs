using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>
/// The library's hierarchies, show → season → episode and artist → album → track: where the scanner puts a
/// file, and the ordered children and leaves the browse routes and the queue ask for.
/// </summary>
public static class LibraryTree
{
    /// <summary>Numbered first (seasons, episodes, tracks by index), then by title; ids break ties so pages are stable.</summary>
    public static List<MetadataItem> InOrder(IEnumerable<MetadataItem> items) => items
        .OrderBy(m => m.Index ?? int.MaxValue)
        .ThenBy(m => m.Title, StringComparer.OrdinalIgnoreCase)
        .ThenBy(m => m.Id)
        .ToList();

    public static async Task<List<MetadataItem>> ChildrenAsync(PlexDbContext db, MetadataItem item, CancellationToken ct) =>
        item.FilePath is not null ? [] : InOrder(await db.Metadata.AsNoTracking().Where(m => m.ParentId == item.Id).ToListAsync(ct));

    /// <summary>
    /// Every playable item under a container, in play order (season by season, album by album); empty for a leaf.
    /// Two queries whatever the depth: the hierarchies are at most two levels deep.
    /// </summary>
    public static async Task<List<MetadataItem>> LeavesAsync(PlexDbContext db, MetadataItem item, CancellationToken ct)
    {
        var children = await ChildrenAsync(db, item, ct);
        var containerIds = children.Where(c => c.FilePath is null).Select(c => c.Id).ToList();
        if (containerIds.Count == 0) return children.Where(c => c.FilePath is not null).ToList();
        var grandchildren = (await db.Metadata.AsNoTracking()
                .Where(m => m.ParentId != null && containerIds.Contains(m.ParentId.Value) && m.FilePath != null).ToListAsync(ct))
            .ToLookup(m => m.ParentId!.Value);
        var leaves = new List<MetadataItem>();
        foreach (var child in children)
        {
            if (child.FilePath is not null) leaves.Add(child);
            else leaves.AddRange(InOrder(grandchildren[child.Id]));
        }
        return leaves;
    }

    /// <summary>
    /// Show, season number, episode number and title of an episode file. The top folder names the show
    /// (a file at the section root names it before its S01E02); the season comes from the name, else from a
    /// "Season 01" folder, else 1.
    /// </summary>
    public static (string Show, int Season, int? Episode, string Title) Episode(string[] relative, string path)
    {
        var parsed = TitleParser.EpisodeName(path);
        var show = relative.Length >= 2 ? TitleParser.Clean(relative[0]) : parsed.Show ?? parsed.Title;
        var season = parsed.Season ?? (relative.Length >= 3 ? TitleParser.SeasonNumber(relative[^2]) : null) ?? 1;
        var title = parsed.Title ?? $"Episode {parsed.Episode}";
        return (string.IsNullOrEmpty(show) ? "Unknown Show" : show, season, parsed.Episode, title);
    }

    /// <summary>
    /// True for a row of a show section that is not an episode under a season: scanned before seasons existed
    /// (or while the section had another type). The scanner places it again, keeping its id.
    /// </summary>
    public static bool NeedsSeason(LibrarySection section, MetadataItem row, IReadOnlyDictionary<int, MetadataItem> existing) =>
        section.Type == "show"
        && (row.Type != "episode" || row.ParentId is not { } parentId
            || !existing.TryGetValue(parentId, out var parent) || parent.Type != "season");
}
