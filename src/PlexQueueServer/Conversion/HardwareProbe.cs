using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;
using PlexQueueServer.Server;

namespace PlexQueueServer.Conversion;

/// <summary>
/// Whether the configured GPU backend works here: a one-second test encode at start, in the background (Kestrel does
/// not wait for it; conversions do). A failure is one warning and a health line, and every job converts in software.
/// </summary>
public sealed class HardwareProbe(IOptions<TranscoderOptions> options, ILogger<HardwareProbe> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(30);
    private readonly TaskCompletionSource<bool> _usable = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string _detail = "";

    public HardwareBackend Backend => options.Value.HardwareBackend;

    /// <summary>True once the probe has passed; false for none, a failed probe, or while still probing (not awaited).</summary>
    public bool IsUsable => _usable.Task.IsCompletedSuccessfully && _usable.Task.Result;

    /// <summary>The hardware plan for a job, after the probe has answered; null means software.</summary>
    public async Task<HardwarePlan?> PlanForAsync(PlaybackDecision plan, CancellationToken ct)
    {
        if (Backend == HardwareBackend.None) return null;
        try { if (!await _usable.Task.WaitAsync(ct)) return null; }
        catch (OperationCanceledException) { return null; } // the job was cancelled meanwhile: its ffmpeg ends at once
        var value = options.Value;
        return HardwareArguments.PlanFor(plan, Backend, value.HardwareDeviceOrDefault, value.HardwareDecoding);
    }

    /// <summary>The /health line; null when no hardware was asked for. Always ok: software conversion still works.</summary>
    public HealthCheck? Check()
    {
        if (Backend == HardwareBackend.None) return null;
        var name = HardwareArguments.NameOf(Backend);
        if (!_usable.Task.IsCompleted) return new HealthCheck("hardware", true, $"{name} requested, probing {options.Value.HardwareDeviceOrDefault}");
        return new HealthCheck("hardware", true, _usable.Task.Result
            ? $"{name} in use on {options.Value.HardwareDeviceOrDefault}"
            : $"{name} requested, not usable: {_detail}; converting in software");
    }

    /// <summary>ffmpeg names the device's problem first ("No VA display found for device …") and ends with a generic line.</summary>
    internal static string FirstErrorLine(string standardError) =>
        System.Text.RegularExpressions.Regex.Replace(
            standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "", @"^\[[^\]]*\]\s*", "");

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (Backend == HardwareBackend.None) { _usable.TrySetResult(false); return; }
        await Task.Yield(); // the host's start goes on while ffmpeg runs
        var value = options.Value;
        var executable = string.IsNullOrWhiteSpace(value.FfmpegPath) ? "ffmpeg" : Path.Combine(value.FfmpegPath, "ffmpeg");
        string? failure;
        try
        {
            var result = await ToolProcess.RunAsync(executable, HardwareArguments.ProbeArguments(Backend, value.HardwareDeviceOrDefault), ProbeTimeout, stopping);
            failure = result.ExitCode == 0 ? null
                : $"test encode exited with code {result.ExitCode}" + (FirstErrorLine(result.StandardError) is { Length: > 0 } line ? $" ({line})" : "");
        }
        catch (OperationCanceledException) { _usable.TrySetResult(false); return; }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            failure = e.Message.ReplaceLineEndings(" ");
        }
        _detail = failure ?? "";
        if (failure is null)
            logger.LogInformation("Hardware encoding: {Backend} on {Device} passed its test encode", HardwareArguments.NameOf(Backend), value.HardwareDeviceOrDefault);
        else
            logger.LogWarning("Hardware encoding: {Backend} requested on {Device}, not usable: {Cause}; converting in software",
                HardwareArguments.NameOf(Backend), value.HardwareDeviceOrDefault, failure);
        _usable.TrySetResult(failure is null);
    }
}
