using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;
using PlexQueueServer.Server;

namespace PlexQueueServer.Cluster;

/// <summary>A live instance as /health lists it.</summary>
public sealed record InstanceReport(string Name, string Role, DateTime HeartbeatAt, IReadOnlyList<int> RunningJobs);

/// <summary>/health's PostgreSQL part: the live instances with their jobs, and whether their cache markers are visible here.</summary>
public static class ClusterHealth
{
    public static async Task<(IReadOnlyList<InstanceReport>? Instances, HealthCheck? Check)> CheckAsync(
        PlexDbContext db, ClusterInstance cluster, ResolvedPaths paths, CancellationToken ct)
    {
        if (!cluster.IsPostgres) return (null, null);
        try
        {
            var since = DateTime.UtcNow - cluster.LeaseDuration;
            var live = await db.Instances.AsNoTracking().Where(i => i.HeartbeatAt >= since).OrderBy(i => i.Name).ToListAsync(ct);
            var reports = live.Select(i => new InstanceReport(i.Name, i.Role, i.HeartbeatAt,
                i.RunningJobs.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList())).ToList();
            // A cache that is not one shared volume: an instance's marker is missing from this instance's view of it.
            var unseen = live.Select(i => i.Name).Where(n => !File.Exists(InstanceHeartbeat.MarkerPath(paths, n))).ToList();
            var check = unseen.Count == 0
                ? new HealthCheck("sharedCache", true, $"{live.Count} live instance(s) see one cache at {paths.CachePath}")
                : new HealthCheck("sharedCache", false,
                    $"cannot see the cache markers of {string.Join(", ", unseen)} in {paths.CachePath}: Transcoder:CachePath must be the same shared volume on every instance");
            return (reports, check);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (null, new HealthCheck("sharedCache", false, "instances could not be read: " + ex.Message.ReplaceLineEndings(" ")));
        }
    }
}
