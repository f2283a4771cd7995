using System.Diagnostics;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Cluster;

/// <summary>
/// PostgreSQL: keeps a running job's lease, renewing every third of Transcoder:LeaseDuration. When the row is no
/// longer this instance's attempt (deleted, restarted, or taken over after a pause) or the lease could not be renewed
/// before it lapsed, the job's ffmpeg is ended: another instance owns the item now.
/// </summary>
public sealed class JobLeases(ClusterInstance cluster, IServiceScopeFactory scopes, ILogger<JobLeases> logger)
{
    public IAsyncDisposable Keep(DownloadQueueItem item, TranscodeSession session)
    {
        if (!cluster.IsPostgres) return NoLease.Instance;
        var stop = new CancellationTokenSource();
        return new Lease(stop, RenewAsync(item, session, stop.Token));
    }

    private async Task RenewAsync(DownloadQueueItem item, TranscodeSession session, CancellationToken stop)
    {
        var renewed = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(cluster.RenewInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                string why;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    if (await scope.ServiceProvider.GetRequiredService<ItemLifecycle>().RenewLeaseAsync(item, stop))
                    {
                        renewed = Stopwatch.GetTimestamp();
                        continue;
                    }
                    why = "the item was deleted, restarted or taken over by another instance";
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    if (Stopwatch.GetElapsedTime(renewed) < cluster.LeaseDuration)
                    {
                        logger.LogWarning("Item {ItemId}: lease renewal failed ({Error}); retrying", item.Id, ex.Message.ReplaceLineEndings(" "));
                        continue;
                    }
                    why = "its lease lapsed while the database could not be reached";
                }
                logger.LogWarning("Item {ItemId} attempt {Attempt}: no longer this instance's ({Reason}); ending its ffmpeg", item.Id, item.Attempt, why);
                session.Superseded = true;
                try { session.Cancellation.Cancel(); } catch (ObjectDisposedException) { }
                return;
            }
        }
        catch (OperationCanceledException) { }
    }

    private sealed class Lease(CancellationTokenSource stop, Task loop) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            await loop;
            stop.Dispose();
        }
    }

    private sealed class NoLease : IAsyncDisposable
    {
        public static readonly NoLease Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
