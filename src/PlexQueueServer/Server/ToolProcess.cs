using System.Diagnostics;

namespace PlexQueueServer.Server;

public sealed record ToolResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>The last non-empty line ffmpeg/ffprobe wrote to stderr: usually the reason it failed.</summary>
    public string LastErrorLine => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

/// <summary>
/// Runs ffmpeg/ffprobe with each argument passed as is (ArgumentList, never one joined string a file name could
/// break out of), reads both outputs to the end, and kills the process on timeout or cancellation.
/// </summary>
public static class ToolProcess
{
    /// <exception cref="System.ComponentModel.Win32Exception">The executable is not there.</exception>
    /// <exception cref="TimeoutException">It ran longer than the timeout (it was killed).</exception>
    public static async Task<ToolResult> RunAsync(string executable, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken ct)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{executable} could not be started.");
        process.StandardInput.Close(); // nothing to read: a tool that asks for input ends instead of waiting
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { } // already gone
            await process.WaitForExitAsync(CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            throw new TimeoutException($"{Path.GetFileName(executable)} did not finish within {timeout.TotalSeconds:0} s and was ended.");
        }
        return new ToolResult(process.ExitCode, await stdout, await stderr);
    }
}
