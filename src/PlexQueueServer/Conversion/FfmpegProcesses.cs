using PlexQueueServer.Configuration;

namespace PlexQueueServer.Conversion;

/// <summary>Finding and ending ffmpeg processes by the job paths on their command lines (Linux /proc).</summary>
public static class FfmpegProcesses
{
    /// <summary>
    /// Ends ffmpeg processes a killed server left running (ffmpeg outlives its parent): any ffmpeg whose
    /// arguments name a path in this server's temp folder. Must run before the temp folder is wiped.
    /// </summary>
    public static int KillOrphaned(ResolvedPaths paths)
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

}
