using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>
/// The queue's engine: one decider loop, Transcoder:MaxConcurrent converter loops and an expiry sweep.
/// The database is the queue, so a crash loses nothing: at start, processing items go back to waiting.
/// </summary>
public sealed class DownloadQueueWorker(
    IServiceScopeFactory scopes, QueueSignals signals, ResolvedPaths paths, IOptions<TranscoderOptions> options,
    ILogger<DownloadQueueWorker> logger) : BackgroundService
{
    private static readonly TimeSpan IdleRecheck = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CacheFullRecheck = TimeSpan.FromSeconds(2);

    public override async Task StartAsync(CancellationToken ct)
    {
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            var requeued = await db.Items.Where(i => i.Status == ItemStatus.Processing)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Waiting), ct);
            var killed = CacheJanitor.KillOrphanedFfmpeg(paths);
            var removed = await CacheJanitor.RemoveOrphansAsync(db, paths, ct);
            logger.LogInformation("Recovered {Requeued} interrupted conversions; ended {Killed} orphaned ffmpeg; removed {Removed} orphaned cache entries",
                requeued, killed, removed);
        }
        signals.WakeDecider();
        signals.WakeConverters();
        await base.StartAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stopping)
    {
        var loops = new List<Task> { Run(DecideLoop, stopping), Run(ExpiryLoop, stopping) };
        for (var i = 0; i < options.Value.MaxConcurrent; i++) loops.Add(Run(ConvertLoop, stopping));
        return Task.WhenAll(loops);
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
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            var batch = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Deciding).OrderBy(i => i.Id).Take(100).ToListAsync(stopping);
            if (batch.Count == 0)
            {
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
                    await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Deciding)
                        .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Error)
                            .SetProperty(i => i.Error, "decisionError")
                            .SetProperty(i => i.ErrorReason, "The decision failed unexpectedly."), stopping);
                }
            }
        }
    }

    private async Task ConvertLoop(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            var (item, cacheFull) = await ClaimNextAsync(db, stopping);
            if (item is null)
            {
                // A full cache frees up without a signal when a job ends, so look again soon.
                await WaitAsync(signals.Convert.Reader, cacheFull ? CacheFullRecheck : IdleRecheck, stopping);
                continue;
            }
            signals.WakeConverters(); // another idle converter may take the next one
            await scope.ServiceProvider.GetRequiredService<ItemConverter>().ConvertAsync(item, stopping);
        }
    }

    /// <summary>
    /// Moves the oldest waiting item to processing; the conditional update makes the claim exclusive.
    /// Over the cache quota, the oldest available items expire first; if that is not enough the item stays waiting.
    /// </summary>
    private async Task<(DownloadQueueItem? Item, bool CacheFull)> ClaimNextAsync(PlexDbContext db, CancellationToken ct)
    {
        while (true)
        {
            var candidate = await db.Items.Where(i => i.Status == ItemStatus.Waiting).OrderBy(i => i.Id).Select(i => i.Id).FirstOrDefaultAsync(ct);
            if (candidate == 0) return (null, false);
            if (!await CacheJanitor.MakeRoomAsync(db, paths, options.Value.CacheLimitBytes, logger, ct)) return (null, true);
            var claimed = await db.Items.Where(i => i.Id == candidate && i.Status == ItemStatus.Waiting)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Processing), ct);
            if (claimed == 1) return (await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == candidate, ct), false);
        }
    }

    private async Task ExpiryLoop(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.ExpirySweepInterval);
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            await CacheJanitor.ExpireAsync(db, DateTime.UtcNow - options.Value.ItemLifetime, logger, stopping);
        }
        while (await timer.WaitForNextTickAsync(stopping));
    }

    private static Task WaitAsync(System.Threading.Channels.ChannelReader<bool> reader, CancellationToken stopping) =>
        WaitAsync(reader, IdleRecheck, stopping);

    private static async Task WaitAsync(System.Threading.Channels.ChannelReader<bool> reader, TimeSpan recheck, CancellationToken stopping)
    {
        // A periodic re-check as well as the signal, so work is found even if a wake-up was missed.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(recheck);
        try { await reader.ReadAsync(timeout.Token); }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested) { }
    }
}
