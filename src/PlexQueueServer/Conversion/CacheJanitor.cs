using PlexQueueServer.Configuration;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>The conversion cache's limits: the quota (expire oldest first) and the item lifetime.</summary>
public static class CacheJanitor
{
    /// <summary>
    /// Makes room under the quota by expiring the oldest available converted items first; true when the
    /// cache is below the limit afterwards (false: only running jobs or foreign files fill it, so wait).
    /// </summary>
    public static async Task<bool> MakeRoomAsync(ItemLifecycle lifecycle, ResolvedPaths paths, long limit, CancellationToken ct)
    {
        if (limit <= 0) return true;
        var used = CacheFiles.UsedBytes(paths);
        if (used < limit) return true;
        var oldest = await lifecycle.ConvertedOldestFirstAsync(ct);
        foreach (var item in oldest)
        {
            if (used < limit) break;
            // Measured again: a file another item shares (hard link) frees nothing until its last name goes.
            if (await lifecycle.ExpireAsync(item, "the cache is over Transcoder:CacheLimit", ct)) used = CacheFiles.UsedBytes(paths);
        }
        return used < limit;
    }

    /// <summary>Available items older than the cutoff become expired and lose their converted file.</summary>
    public static async Task<int> ExpireAsync(ItemLifecycle lifecycle, DateTime cutoff, CancellationToken ct)
    {
        var due = await lifecycle.AvailableBeforeAsync(cutoff, ct);
        var count = 0;
        foreach (var item in due)
            if (await lifecycle.ExpireAsync(item, "Transcoder:ItemLifetime passed", ct)) count++;
        return count;
    }
}
