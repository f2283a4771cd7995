using System.Globalization;

namespace PlexQueueServer.Conversion;

/// <summary>
/// A file's duration from ffprobe, started through ToolProcess (an argument list, bounded in time) on a path we chose.
/// </summary>
public static class MediaDuration
{
    /// <summary>Seconds, null when the format has none; Unreadable when ffprobe refuses the file; both null when ffprobe cannot run.</summary>
    public readonly record struct Result(double? Seconds, string? Unreadable);

    public static async Task<Result> ReadAsync(string? ffmpegFolder, string path, CancellationToken ct)
    {
        var executable = string.IsNullOrWhiteSpace(ffmpegFolder) ? "ffprobe"
            : Path.Combine(ffmpegFolder, OperatingSystem.IsWindows() ? "ffprobe.exe" : "ffprobe");
        try
        {
            var result = await Server.ToolProcess.RunAsync(executable,
                ["-v", "error", "-show_entries", "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", "--", path], TimeSpan.FromSeconds(30), ct);
            var error = result.StandardError.Trim().ReplaceLineEndings(" ");
            if (result.ExitCode != 0)
                return new Result(null, error.Length == 0 ? $"ffprobe exited with code {result.ExitCode}" : error[..Math.Min(error.Length, 200)]);
            return double.TryParse(result.StandardOutput.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? new Result(seconds, null) : new Result(null, null);
        }
        catch (System.ComponentModel.Win32Exception) { return new Result(null, null); } // no ffprobe: the check is skipped, not the item
        catch (TimeoutException) { return new Result(null, "ffprobe did not answer within 30 s"); }
    }
}
