using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;
using PlexQueueServer.Server;

namespace PlexQueueServer.Cluster;

/// <summary>
/// PostgreSQL: this instance's row in Instances (heartbeat and running jobs, every third of the lease) and its marker
/// file in the shared cache, which /health on every instance looks for. Rows and job folders of instances silent for a
/// long time are swept (one instance at a time).
/// </summary>
public sealed class InstanceHeartbeat(
    ClusterInstance cluster, TranscodeJobs jobs, ResolvedPaths paths, IServiceScopeFactory scopes, ServerReady ready, ILogger<InstanceHeartbeat> logger)
    : BackgroundService
{
    public const string MarkerFolder = ".instances";

    public static string MarkerPath(ResolvedPaths paths, string instance) => Path.Combine(paths.CachePath, MarkerFolder, instance);

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!cluster.IsPostgres) return;
        try { await ready.WaitAsync(stopping); }
        catch (Exception) { return; } // start-up failed: the initializer reports it
        Directory.CreateDirectory(Path.Combine(paths.CachePath, MarkerFolder));
        await File.WriteAllTextAsync(MarkerPath(paths, cluster.Name), cluster.Name, stopping);
        var started = DateTime.UtcNow;
        using var timer = new PeriodicTimer(cluster.RenewInterval);
        do
        {
            try { await BeatAsync(started, stopping); }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Instance heartbeat failed: {Error}", ex.Message.ReplaceLineEndings(" "));
            }
        }
        while (await timer.WaitForNextTickAsync(stopping).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    private async Task BeatAsync(DateTime started, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        var running = string.Join(",", jobs.RunningItemIds);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "Instances" ("Name", "Role", "StartedAt", "HeartbeatAt", "RunningJobs")
            VALUES ({cluster.Name}, {cluster.Role}, {started}, now(), {running})
            ON CONFLICT ("Name") DO UPDATE SET "HeartbeatAt" = now(), "RunningJobs" = excluded."RunningJobs", "Role" = excluded."Role"
            """, ct);
        await SweepSilentAsync(db, ct);
    }

    /// <summary>Instances silent for ten leases (and at least five minutes) are gone: their row, marker and job folder go.</summary>
    private async Task SweepSilentAsync(PlexDbContext db, CancellationToken ct)
    {
        await using var held = await AdvisoryLock.TryTakeAsync(cluster, AdvisoryLock.InstanceSweep, ct);
        if (held is null) return;
        var silence = TimeSpan.FromTicks(Math.Max(cluster.LeaseDuration.Ticks * 10, TimeSpan.FromMinutes(5).Ticks));
        var cutoff = DateTime.UtcNow - silence;
        var gone = await db.Instances.Where(i => i.HeartbeatAt < cutoff).Select(i => i.Name).ToListAsync(ct);
        foreach (var name in gone)
        {
            CacheFiles.DeleteFile(MarkerPath(paths, name));
            CacheFiles.DeleteFolder(Path.Combine(paths.CachePath, "tmp", name));
            await db.Instances.Where(i => i.Name == name && i.HeartbeatAt < cutoff).ExecuteDeleteAsync(ct);
            logger.LogInformation("Instance {Instance} has been silent since before {Cutoff:u}: removed its row and job folder", name, cutoff);
        }
    }

    public override async Task StopAsync(CancellationToken ct)
    {
        await base.StopAsync(ct);
        if (!cluster.IsPostgres || !ready.IsReady) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<PlexDbContext>().Instances.Where(i => i.Name == cluster.Name).ExecuteDeleteAsync(ct);
            CacheFiles.DeleteFile(MarkerPath(paths, cluster.Name));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Could not remove this instance's row: {Error}", ex.Message.ReplaceLineEndings(" "));
        }
    }
}
