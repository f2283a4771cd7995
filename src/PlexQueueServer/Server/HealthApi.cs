using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Server;

public sealed record HealthCheck(string Name, bool Ok, string Detail);

public sealed record HealthReport(string Status, string Version, IReadOnlyList<HealthCheck> Checks)
{
    /// <summary>PostgreSQL: the live instances and the jobs each runs (absent with SQLite).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<Cluster.InstanceReport>? Instances { get; init; }
}

/// <summary>Readiness: database answers a query, ffmpeg runs, the cache folder takes a file. 503 names the failing check.</summary>
public static class HealthApi
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/health", HeadRequests.GetAndHead, GetHealth).WithoutBodyOnHead().WithName("getHealth").WithTags("General").AllowAnonymous()
            .WithSummary("Readiness of the server")
            .WithDescription("200 when the database, ffmpeg and the conversion cache all work; 503 naming the check that failed. Needs no token.")
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<IResult> GetHealth(PlexDbContext db, FfmpegProbe ffmpeg, Conversion.HardwareProbe hardware, ResolvedPaths paths,
        Cluster.ClusterInstance cluster, CancellationToken ct)
    {
        var (instances, shared) = await Cluster.ClusterHealth.CheckAsync(db, cluster, paths, ct);
        HealthCheck[] checks = [await CheckDatabaseAsync(db, ct), await ffmpeg.CheckAsync(ct), CheckCache(paths.CachePath),
            .. hardware.Check() is { } hw ? [hw] : Array.Empty<HealthCheck>(), .. shared is null ? Array.Empty<HealthCheck>() : [shared]];
        var ok = checks.All(c => c.Ok);
        var report = new HealthReport(ok ? "ok" : "failing: " + string.Join(", ", checks.Where(c => !c.Ok).Select(c => c.Name)),
            GeneralApi.Version, checks) { Instances = instances };
        return Results.Json(report, statusCode: ok ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<HealthCheck> CheckDatabaseAsync(PlexDbContext db, CancellationToken ct)
    {
        // A write probe, not only a read: a locked or read-only database strands finishing conversions.
        var (ok, detail) = await DatabaseProbe.CheckAsync(db, ct);
        return new HealthCheck("database", ok, detail);
    }

    internal static HealthCheck CheckCache(string cachePath)
    {
        var probe = Path.Combine(cachePath, ".health-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return new HealthCheck("cache", true, cachePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new HealthCheck("cache", false, $"{cachePath} is not writable: {e.Message}");
        }
    }
}

/// <summary>Runs `ffmpeg -version` once and keeps the answer; a failure is retried on the next request.</summary>
public sealed class FfmpegProbe(IOptions<TranscoderOptions> options)
{
    private HealthCheck? _found;

    public string Executable { get; } = string.IsNullOrWhiteSpace(options.Value.FfmpegPath)
        ? "ffmpeg" : Path.Combine(options.Value.FfmpegPath, OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg");

    public async Task<HealthCheck> CheckAsync(CancellationToken ct)
    {
        if (_found is not null) return _found;
        try
        {
            // A hung binary must not hang the healthcheck: give it ten seconds.
            var result = await ToolProcess.RunAsync(Executable, ["-hide_banner", "-version"], TimeSpan.FromSeconds(10), ct);
            if (result.ExitCode != 0) return new HealthCheck("ffmpeg", false, $"{Executable} -version exited with {result.ExitCode}");
            return _found = new HealthCheck("ffmpeg", true, result.StandardOutput.Split('\n')[0].Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new HealthCheck("ffmpeg", false, $"{Executable} not found: {e.Message}");
        }
        catch (TimeoutException)
        {
            return new HealthCheck("ffmpeg", false, $"{Executable} -version did not answer within 10 s");
        }
    }
}
