using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>Cleanup of the conversion cache: leftovers of a crash at start, expired files on a timer.</summary>
public static class CacheJanitor
{
    /// <summary>Deletes job folders left by a killed server and cache files no item points to.</summary>
    public static async Task<int> RemoveOrphansAsync(PlexDbContext db, ResolvedPaths paths, CancellationToken ct)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(paths.TempPath))
        {
            ItemConverter.TryDeleteFolder(folder);
            removed++;
        }
        var referenced = (await db.Items.Where(i => i.MediaPath != null && !i.MediaIsOriginal).Select(i => i.MediaPath!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(paths.CachePath))
        {
            if (referenced.Contains(file)) continue;
            try { File.Delete(file); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>Available items older than the cutoff become expired and lose their converted file.</summary>
    public static async Task<int> ExpireAsync(PlexDbContext db, DateTime cutoff, CancellationToken ct)
    {
        var due = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Available && i.AvailableAt < cutoff).ToListAsync(ct);
        var count = 0;
        foreach (var item in due)
        {
            var updated = await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Available)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Expired).SetProperty(i => i.MediaPath, (string?)null), ct);
            if (updated == 0) continue;
            DownloadQueueService.DeleteConverted(item);
            count++;
        }
        return count;
    }
}
