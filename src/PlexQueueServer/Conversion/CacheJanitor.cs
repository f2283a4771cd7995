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

    /// <summary>
    /// Ends ffmpeg processes a killed server left running (ffmpeg outlives its parent): any ffmpeg whose
    /// arguments name a path in this server's temp folder. Must run before the temp folder is wiped.
    /// </summary>
    public static int KillOrphanedFfmpeg(ResolvedPaths paths)
    {
        var marker = paths.TempPath.TrimEnd('/') + "/";
        return KillProcesses(args => Path.GetFileName(args[0]).StartsWith("ffmpeg", StringComparison.Ordinal)
            && args.Any(a => a.StartsWith(marker, StringComparison.Ordinal)));
    }

    /// <summary>Ends every process of ours whose arguments name a path in the job folder (a hung ffmpeg ignores 'q').</summary>
    public static int KillProcessesUsing(string jobFolder)
    {
        var marker = jobFolder.TrimEnd('/') + "/";
        return KillProcesses(args => args.Any(a => a.StartsWith(marker, StringComparison.Ordinal)));
    }

    private static int KillProcesses(Func<string[], bool> matches)
    {
        if (!Directory.Exists("/proc")) return 0;
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            string[] args;
            try { args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            if (args.Length == 0 || !matches(args)) continue;
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill();
                killed++;
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { continue; }
            // Maybe not our child, so no WaitForExit: poll until it is gone or a zombie (bounded; the folder is wiped next).
            for (var i = 0; i < 100 && IsRunning(pid); i++) Thread.Sleep(50);
        }
        return killed;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }

    /// <summary>Bytes used by the cache: converted files and running jobs' temp output.</summary>
    public static long UsedBytes(ResolvedPaths paths)
    {
        long total = 0;
        foreach (var file in new DirectoryInfo(paths.CachePath).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            try { total += file.Length; } catch (IOException) { }
        }
        return total;
    }

    /// <summary>
    /// Makes room under the quota by expiring the oldest available converted items first; true when the
    /// cache is below the limit afterwards (false: only running jobs or foreign files fill it, so wait).
    /// </summary>
    public static async Task<bool> MakeRoomAsync(PlexDbContext db, ResolvedPaths paths, long limit, ILogger logger, CancellationToken ct)
    {
        if (limit <= 0) return true;
        var used = UsedBytes(paths);
        if (used < limit) return true;
        var oldest = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Available && !i.MediaIsOriginal && i.MediaPath != null)
            .OrderBy(i => i.AvailableAt).ThenBy(i => i.Id).ToListAsync(ct);
        foreach (var item in oldest)
        {
            if (used < limit) break;
            var size = File.Exists(item.MediaPath) ? new FileInfo(item.MediaPath!).Length : 0;
            if (await TryExpireAsync(db, item, "the cache is over Transcoder:CacheLimit", logger, ct)) used -= size;
        }
        return used < limit;
    }

    /// <summary>Available items older than the cutoff become expired and lose their converted file.</summary>
    public static async Task<int> ExpireAsync(PlexDbContext db, DateTime cutoff, ILogger logger, CancellationToken ct)
    {
        var due = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Available && i.AvailableAt < cutoff).ToListAsync(ct);
        var count = 0;
        foreach (var item in due)
            if (await TryExpireAsync(db, item, "Transcoder:ItemLifetime passed", logger, ct)) count++;
        return count;
    }

    /// <summary>available → expired, only if nothing changed the item meanwhile; then its converted file goes.</summary>
    private static async Task<bool> TryExpireAsync(PlexDbContext db, DownloadQueueItem item, string reason, ILogger logger, CancellationToken ct)
    {
        var updated = await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Available)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Expired).SetProperty(i => i.MediaPath, (string?)null), ct);
        if (updated == 0) return false;
        DownloadQueueService.DeleteConverted(item);
        logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: expired ({Reason})", item.Id, item.QueueId, item.Key, reason);
        return true;
    }
}
