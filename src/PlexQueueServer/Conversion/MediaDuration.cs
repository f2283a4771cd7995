using System.Diagnostics;
using System.Globalization;

namespace PlexQueueServer.Conversion;

/// <summary>
/// A file's duration from ffprobe, started with an argument list (never a joined string) on a path we chose.
/// Small on purpose: the library scan has its own reader; the two may become one.
/// </summary>
public static class MediaDuration
{
    /// <summary>Seconds, null when the format has none; Unreadable when ffprobe refuses the file; both null when ffprobe cannot run.</summary>
    public readonly record struct Result(double? Seconds, string? Unreadable);

    public static async Task<Result> ReadAsync(string? ffmpegFolder, string path, CancellationToken ct)
    {
        var executable = string.IsNullOrWhiteSpace(ffmpegFolder) ? "ffprobe"
            : Path.Combine(ffmpegFolder, OperatingSystem.IsWindows() ? "ffprobe.exe" : "ffprobe");
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in (string[])["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", "--", path])
            info.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(info)!;
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(30));
            using var kill = timeout.Token.Register(() => { try { process.Kill(); } catch (InvalidOperationException) { } });
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            var error = (await stderr).Trim().ReplaceLineEndings(" ");
            if (process.ExitCode != 0)
                return new Result(null, error.Length == 0 ? $"ffprobe exited with code {process.ExitCode}" : error[..Math.Min(error.Length, 200)]);
            return double.TryParse(stdout.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? new Result(seconds, null) : new Result(null, null);
        }
        catch (System.ComponentModel.Win32Exception) { return new Result(null, null); } // no ffprobe: the check is skipped, not the item
        catch (OperationCanceledException) when (!ct.IsCancellationRequested) { return new Result(null, "ffprobe did not answer within 30 s"); }
    }
}
