using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/// <summary>The one place converted files and job folders are deleted (never an original library file).</summary>
public static class CacheFiles
{
    /// <summary>The item's converted file, if it has one; direct-play items point at the library and keep it.</summary>
    public static void DeleteConverted(DownloadQueueItem item)
    {
        if (item.MediaPath is null || item.MediaIsOriginal) return;
        DeleteFile(item.MediaPath);
    }

    public static void DeleteFile(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    public static void DeleteFolder(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    /// <summary>Deletes job folders left by a killed server and cache files no item points to.</summary>
    /// <param name="minAge">Only files untouched this long (a shared cache: another instance's file may be about to be recorded).</param>
    public static async Task<int> RemoveOrphansAsync(PlexDbContext db, ResolvedPaths paths, CancellationToken ct, TimeSpan minAge = default)
    {
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(paths.TempPath))
        {
            DeleteFolder(folder);
            removed++;
        }
        var referenced = (await db.Items.Where(i => i.MediaPath != null && !i.MediaIsOriginal).Select(i => i.MediaPath!).ToListAsync(ct))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(paths.CachePath))
        {
            if (referenced.Contains(file) || DateTime.UtcNow - File.GetLastWriteTimeUtc(file) < minAge) continue;
            try { File.Delete(file); removed++; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
        return removed;
    }

    /// <summary>Bytes used by the cache: converted files and running jobs' temp output; a file shared by hard links counts once.</summary>
    public static long UsedBytes(ResolvedPaths paths)
    {
        long total = 0;
        var seen = new HashSet<(ulong, ulong)>();
        foreach (var file in new DirectoryInfo(paths.CachePath).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            if (Conversion.HardLinks.Identity(file.FullName) is { } inode && !seen.Add(inode)) continue;
            try { total += file.Length; } catch (IOException) { }
        }
        return total;
    }
}
