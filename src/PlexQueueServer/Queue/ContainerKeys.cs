using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Library;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/// <summary>
/// "Download the season": a show, season, artist or album key in an add becomes the keys of its episodes or
/// tracks, in play order, before the queue sees the request; other keys pass through unchanged.
/// </summary>
public static class ContainerKeys
{
    public static async Task<(AddRequest? Request, string? Error)> ExpandAsync(AddRequest request, PlexDbContext db, int maxKeys, CancellationToken ct)
    {
        var ids = request.Keys.Select(k => k.RatingKey).Distinct().ToList();
        var containers = await db.Metadata.AsNoTracking().Where(m => ids.Contains(m.Id) && m.FilePath == null).ToDictionaryAsync(m => m.Id, ct);
        if (containers.Count == 0) return (request, null);

        var keys = new List<(string Key, int RatingKey)>();
        foreach (var key in request.Keys)
        {
            if (!containers.TryGetValue(key.RatingKey, out var container))
            {
                keys.Add(key);
                continue;
            }
            var leaves = await LibraryTree.LeavesAsync(db, container, ct);
            // An empty container stays as sent: its item then errors like any key with nothing to play.
            if (leaves.Count == 0) keys.Add(key);
            else keys.AddRange(leaves.Select(l => (MetadataMapper.KeyOf(l.Id), l.Id)));
            if (keys.Count > maxKeys)
                return (null, $"At most {maxKeys} items per add, and these keys hold more ({key.Key} has {leaves.Count} episodes or tracks); add fewer at once.");
        }
        return (request with { Keys = keys }, null);
    }
}
