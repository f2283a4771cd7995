using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>
/// The queue's engine: one decider loop, Transcoder:MaxConcurrent converter loops and an expiry sweep.
/// The database is the queue, so a crash loses nothing: at start, processing items go back to waiting, and a
/// watchdog does the same later for any processing item no converter of this server holds.
/// </summary>
public sealed class DownloadQueueWorker(
    IServiceScopeFactory scopes, QueueSignals signals, TranscodeJobs jobs, ResolvedPaths paths, IOptions<TranscoderOptions> options,
    Server.ServerReady ready, Cluster.ClusterInstance cluster, ILogger<DownloadQueueWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CacheFullRecheck = TimeSpan.FromSeconds(2);

    /// <summary>Orphaned cache files and old rows' hashes, once the server is ready (ServerInitializer recovered the items).</summary>
    private async Task RecoverAsync(CancellationToken ct)
    {
        await Task.Yield(); // never on the host's start-up path
        await ready.WaitAsync(ct);
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            // Shared cache (PostgreSQL): another instance may have just moved a finished file in, not yet recorded.
            var removed = await CacheFiles.RemoveOrphansAsync(db, paths, ct, cluster.IsPostgres ? TimeSpan.FromHours(1) : TimeSpan.Zero);
            var hashed = await scope.ServiceProvider.GetRequiredService<DownloadQueueService>().BackfillDedupeHashesAsync(ct);
            if (hashed > 0) logger.LogInformation("Gave {Count} items stored by an older version their dedupe hash", hashed);
            logger.LogInformation("Removed {Removed} orphaned cache entries", removed);
        }
        signals.WakeDecider();
        signals.WakeConverters();
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!cluster.RunsWorker) return; // Server:Role=api: HTTP only, the workers decide and convert
        await RecoverAsync(stopping);
        var loops = new List<Task> { Run(DecideLoop, stopping), Run(ExpiryLoop, stopping), Run(WatchdogLoop, stopping) };
        for (var i = 0; i < options.Value.MaxConcurrent; i++) loops.Add(Run(ConvertLoop, stopping));
        await Task.WhenAll(loops);
    }

    /// <summary>Keeps a loop alive through unexpected failures (a bad row must not stop the queue).</summary>
    private async Task Run(Func<CancellationToken, Task> loop, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try { await loop(stopping); }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogError(ex, "Queue loop {Loop} failed; restarting it", loop.Method.Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private async Task DecideLoop(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var lifecycle = scope.ServiceProvider.GetRequiredService<ItemLifecycle>();
            // PostgreSQL: a small batch locked (SKIP LOCKED) until decided, so instances decide different items.
            await using var locked = cluster.IsPostgres
                ? await scope.ServiceProvider.GetRequiredService<PlexDbContext>().Database.BeginTransactionAsync(stopping) : null;
            var batch = await lifecycle.DecidingAsync(cluster.IsPostgres ? 10 : 100, stopping);
            if (batch.Count == 0)
            {
                if (locked is not null) await locked.CommitAsync(stopping);
                await WaitAsync(signals.Decide.Reader, stopping);
                continue;
            }
            var decider = scope.ServiceProvider.GetRequiredService<ItemDecider>();
            foreach (var item in batch)
            {
                try
                {
                    if (await decider.DecideAsync(item, stopping) == ItemStatus.Waiting) signals.WakeConverters();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Item {ItemId}: decision failed", item.Id);
                    await lifecycle.FailAsync(item, ItemError.DecisionError, "The decision failed unexpectedly.", stopping);
                }
            }
            if (locked is not null) await locked.CommitAsync(stopping);
        }
    }

    private async Task ConvertLoop(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var lifecycle = scope.ServiceProvider.GetRequiredService<ItemLifecycle>();
            var (item, cacheFull) = await ClaimNextAsync(lifecycle, stopping);
            if (item is null)
            {
                // A full cache frees up without a signal when a job ends, so look again soon.
                await WaitAsync(signals.Convert.Reader, cacheFull ? CacheFullRecheck : Recheck, stopping);
                continue;
            }
            signals.WakeConverters(); // another idle converter may take the next one
            try { await scope.ServiceProvider.GetRequiredService<ItemConverter>().ConvertAsync(item, stopping); }
            finally { jobs.Release(item.Id, item.Attempt); }
        }
    }

    /// <summary>
    /// Moves the oldest waiting item to processing; the conditional update makes the claim exclusive.
    /// Over the cache quota, the oldest available items expire first; if that is not enough the item stays waiting.
    /// </summary>
    private async Task<(DownloadQueueItem? Item, bool CacheFull)> ClaimNextAsync(ItemLifecycle lifecycle, CancellationToken ct)
    {
        while (true)
        {
            if (await lifecycle.NextWaitingAsync(ct) is not { } candidate)
            {
                // PostgreSQL: nothing waiting, but a dead instance's lapsed lease is claimable too.
                if (!cluster.IsPostgres) return (null, false);
                if (await lifecycle.ClaimNextLeasedAsync(ct) is { } takenOver) return (takenOver, false);
                return (null, false);
            }
            if (options.Value.CacheLimitBytes > 0)
            {
                await using var quota = await Cluster.AdvisoryLock.TakeAsync(cluster, Cluster.AdvisoryLock.CacheQuota, ct);
                if (!await CacheJanitor.MakeRoomAsync(lifecycle, paths, options.Value.CacheLimitBytes, ct)) return (null, true);
            }
            if (cluster.IsPostgres) return (await lifecycle.ClaimNextLeasedAsync(ct), false);
            if (await lifecycle.ClaimAsync(candidate.Id, candidate.Attempt, ct) is { } item) return (item, false);
        }
    }

    /// <summary>No item may sit in processing with nothing behind it (a lost job, a write that failed): put it back.</summary>
    private async Task WatchdogLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.WatchdogInterval);
        while (await timer.WaitForNextTickAsync(stopping))
        {
            await using var scope = scopes.CreateAsyncScope();
            var requeued = await scope.ServiceProvider.GetRequiredService<ItemLifecycle>().RequeueInterruptedAsync(stopping);
            if (requeued > 0) logger.LogWarning("Watchdog: put {Count} processing items with no running job back in the queue", requeued);
        }
    }

    private async Task ExpiryLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval);
        do
        {
            // Several instances: one sweeps at a time, the others skip this round.
            await using var held = await Cluster.AdvisoryLock.TryTakeAsync(cluster, Cluster.AdvisoryLock.ExpirySweep, stopping);
            if (held is null) continue;
            await using var scope = scopes.CreateAsyncScope();
            await CacheJanitor.ExpireAsync(scope.ServiceProvider.GetRequiredService<ItemLifecycle>(), DateTime.UtcNow - options.Value.ItemLifetime, stopping);
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    /// <summary>PostgreSQL: look every third of a lease, so a dead instance's job is taken over soon after its lease lapses.</summary>
    private TimeSpan Recheck => cluster.IsPostgres && cluster.RenewInterval < IdleRecheck ? cluster.RenewInterval : IdleRecheck;

    private Task WaitAsync(System.Threading.Channels.ChannelReader<bool> reader, CancellationToken stopping) =>
        WaitAsync(reader, Recheck, stopping);

    private static async Task WaitAsync(System.Threading.Channels.ChannelReader<bool> reader, TimeSpan recheck, CancellationToken stopping)
    {
        // A periodic re-check as well as the signal, so work is found even if a wake-up was missed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(recheck);
        try { await reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested) { }
    }
}
