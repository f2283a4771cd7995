using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;
using PlexQueueServer.Notifications;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/*
 The item lifecycle — the one description of it. Every write of Status, Attempt or the file columns
 (MediaPath, MediaIsOriginal, MediaContainer, AvailableAt) is a method of this class: one guarded
 ExecuteUpdate each, fenced by (Id, Attempt, Status) so stale work can never overwrite newer state.

   add ─► deciding ─Decided─► waiting ─Claim─► processing ─Complete─► available ─Expire─► expired
             │                   ▲                 │                     ▲
             │                   └RequeueInterrupted┤ (start-up; watchdog: │
             │                     no claim behind it)                     │
             ├─Decided (direct play) ──────────────────────────────────────┘
             └─Decided (no way) / Fail ─► error ◄─ Fail (ffmpeg, source gone, short output, database)

   Restart: any state ─► deciding (Attempt + 1; decision, error and converted file dropped; job cancelled)
   Delete:  any state ─► gone     (job cancelled, converted file deleted)
   Progress is not persisted: it lives with the running job (TranscodeJobs) and is lost with it.
   Each transition, once written, is also told to the push hub (Notifications/NotificationHub) for listeners.

 PostgreSQL (several instances): Claim takes the oldest waiting item, or a processing one whose lease lapsed (its
 instance died or stalled: Attempt + 1, so the old job's writes and file names can never meet the new ones), with
 FOR UPDATE SKIP LOCKED, and records Owner and LeaseExpiresAt; the running job renews the lease (RenewLease) and
 every write it makes is fenced by (Id, Attempt, Status, Owner). Restart and Delete also tell every instance (NOTIFY).
*/

/// <summary>The item's transitions (see the diagram above) and the queries that find items in a state.</summary>
public sealed class ItemLifecycle(
    PlexDbContext db, TranscodeJobs jobs, QueueSignals signals, Cluster.ClusterInstance cluster, IOptions<TranscoderOptions> options,
    ILogger<ItemLifecycle> logger, NotificationHub notifications, ItemListCache lists)
{
    public static DownloadQueueItem Create(int queueId, string key, int ratingKey, string parameters, string dedupeHash, DateTime now) => new()
    {
        QueueId = queueId, Key = key, RatingKey = ratingKey, Parameters = parameters, DedupeHash = dedupeHash,
        Status = ItemStatus.Deciding, AddedAt = now,
    };

    // ---- Which items are where ----

    /// <summary>Deciding items, oldest first; on PostgreSQL locked (SKIP LOCKED) for the caller's transaction, so instances share them out.</summary>
    public Task<List<DownloadQueueItem>> DecidingAsync(int max, CancellationToken ct) => cluster.IsPostgres
        ? db.Items.FromSqlInterpolated($"SELECT * FROM \"Items\" WHERE \"Status\" = 'Deciding' ORDER BY \"Id\" LIMIT {max} FOR UPDATE SKIP LOCKED")
            .AsNoTracking().ToListAsync(ct)
        : db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Deciding).OrderBy(i => i.Id).Take(max).ToListAsync(ct);

    /// <summary>The oldest waiting item's (id, attempt), or null.</summary>
    public async Task<(int Id, int Attempt)?> NextWaitingAsync(CancellationToken ct)
    {
        var next = await db.Items.Where(i => i.Status == ItemStatus.Waiting).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.Attempt }).FirstOrDefaultAsync(ct);
        return next is null ? null : (next.Id, next.Attempt);
    }

    /// <summary>Available converted items, the first to expire when the cache is over its quota first.</summary>
    public Task<List<DownloadQueueItem>> ConvertedOldestFirstAsync(CancellationToken ct) =>
        db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Available && !i.MediaIsOriginal && i.MediaPath != null)
            .OrderBy(i => i.AvailableAt).ThenBy(i => i.Id).ToListAsync(ct);

    public Task<List<DownloadQueueItem>> AvailableBeforeAsync(DateTime cutoff, CancellationToken ct) =>
        db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Available && i.AvailableAt < cutoff).ToListAsync(ct);

    // ---- Transitions ----

    /// <summary>deciding → available (direct play) | waiting (conversion) | error (no way, or a reason); null when superseded.</summary>
    public async Task<ItemStatus?> DecidedAsync(DownloadQueueItem item, PlaybackDecision decision, string? title, string? reason,
        string? originalPath, CancellationToken ct)
    {
        var status = reason is not null || decision.Method == PlaybackMethod.None ? ItemStatus.Error
            : decision.Method == PlaybackMethod.DirectPlay ? ItemStatus.Available : ItemStatus.Waiting;
        var json = JsonSerializer.Serialize(decision, StoredJson.Options);
        var direct = status == ItemStatus.Available;
        var error = status == ItemStatus.Error ? ItemError.DecisionError.ToPlex() : null;
        var errorReason = reason ?? (status == ItemStatus.Error ? decision.Codes.TranscodeText ?? decision.Codes.GeneralText : null);
        var now = DateTime.UtcNow;
        var updated = await Current(item, ItemStatus.Deciding).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, status)
            .SetProperty(i => i.Decision, json)
            .SetProperty(i => i.Title, title)
            .SetProperty(i => i.Error, error)
            .SetProperty(i => i.ErrorReason, errorReason)
            .SetProperty(i => i.MediaPath, direct ? originalPath : null)
            .SetProperty(i => i.MediaIsOriginal, direct)
            .SetProperty(i => i.MediaContainer, decision.Container)
            .SetProperty(i => i.AvailableAt, direct ? now : null), ct);
        lists.Changed(item.QueueId);
        if (updated == 1) notifications.Changed(item, status, title, error);
        return updated == 0 ? null : status;
    }

    /// <summary>
    /// waiting → processing, exclusive through the conditional update. The claim is held in TranscodeJobs
    /// before the row changes, so the watchdog never sees a claimed item as stranded; the caller releases it.
    /// </summary>
    public async Task<DownloadQueueItem?> ClaimAsync(int itemId, int attempt, CancellationToken ct)
    {
        jobs.Hold(itemId, attempt);
        var claimed = await db.Items.Where(i => i.Id == itemId && i.Attempt == attempt && i.Status == ItemStatus.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Processing), ct);
        var item = claimed == 1 ? await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == itemId, ct) : null;
        if (item is not null) lists.Changed(item.QueueId);
        else if (claimed == 1) lists.ChangedAll();
        if (item is null || item.Attempt != attempt) { jobs.Release(itemId, attempt); return null; }
        notifications.Changed(item, ItemStatus.Processing);
        return item;
    }

    /// <summary>
    /// PostgreSQL: waiting (or processing with a lapsed lease: Attempt + 1) → processing, owned by this instance for one
    /// lease. SKIP LOCKED lets instances claim side by side without waiting on each other's rows. The caller releases.
    /// </summary>
    public async Task<DownloadQueueItem?> ClaimNextLeasedAsync(CancellationToken ct)
    {
        var claimed = await db.Database.SqlQuery<ClaimedRow>($"""
            WITH next AS (
                SELECT "Id" FROM "Items"
                WHERE "Status" = 'Waiting' OR ("Status" = 'Processing' AND "LeaseExpiresAt" < now())
                ORDER BY "Id" LIMIT 1 FOR UPDATE SKIP LOCKED)
            UPDATE "Items" AS i SET
                "Attempt" = CASE WHEN i."Status" = 'Processing' THEN i."Attempt" + 1 ELSE i."Attempt" END,
                "Status" = 'Processing', "Owner" = {cluster.Name},
                "LeaseExpiresAt" = now() + make_interval(secs => {cluster.LeaseDuration.TotalSeconds})
            FROM next WHERE i."Id" = next."Id"
            RETURNING i."Id", i."Attempt"
            """).ToListAsync(ct);
        if (claimed.Count == 0) return null;
        var (id, attempt) = (claimed[0].Id, claimed[0].Attempt);
        jobs.Hold(id, attempt);
        var item = await db.Items.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
        if (item is not null) lists.Changed(item.QueueId); else lists.ChangedAll();
        if (item is null || item.Attempt != attempt || item.Owner != cluster.Name) { jobs.Release(id, attempt); return null; }
        return item;
    }

    private sealed record ClaimedRow(int Id, int Attempt);

    /// <summary>PostgreSQL: extends this instance's lease on its running job; false when the job is no longer its own.</summary>
    public async Task<bool> RenewLeaseAsync(DownloadQueueItem item, CancellationToken ct) =>
        await db.Database.ExecuteSqlAsync($"""
            UPDATE "Items" SET "LeaseExpiresAt" = now() + make_interval(secs => {cluster.LeaseDuration.TotalSeconds})
            WHERE "Id" = {item.Id} AND "Attempt" = {item.Attempt} AND "Status" = 'Processing' AND "Owner" = {cluster.Name}
            """, ct) == 1;

    /// <summary>
    /// processing → available with the converted file. The write is retried with backoff (a busy database
    /// must not strand a finished conversion); if it still fails the file goes and the item errors with the reason.
    /// </summary>
    public async Task<bool> CompleteAsync(DownloadQueueItem item, string file, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        var (updated, failure) = await WriteWithRetryAsync(item, "available", () => Current(item, ItemStatus.Processing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ItemStatus.Available)
                .SetProperty(i => i.MediaPath, file)
                .SetProperty(i => i.MediaIsOriginal, false)
                .SetProperty(i => i.AvailableAt, now), ct));
        lists.Changed(item.QueueId);
        if (updated == 1) { notifications.Changed(item, ItemStatus.Available); return true; }
        CacheFiles.DeleteFile(file); // deleted or restarted while finishing, or never recorded: no orphan in the cache
        if (failure is null)
            logger.LogInformation("Item {ItemId} attempt {Attempt}: finished, but no longer this instance's to record (deleted, restarted or taken over); file discarded",
                item.Id, item.Attempt);
        if (failure is not null)
            await FailAsync(item, ItemError.TranscodeError, $"The database could not be written when the conversion finished: {failure}", ct);
        return false;
    }

    /// <summary>deciding | processing → error with Plex's word and a one-line reason (retried like Complete).</summary>
    public async Task<bool> FailAsync(DownloadQueueItem item, ItemError error, string reason, CancellationToken ct)
    {
        var word = error.ToPlex();
        reason = reason.Length > 1000 ? reason[..1000] : reason;
        var (updated, failure) = await WriteWithRetryAsync(item, "error", () =>
            db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Owner == item.Owner
                    && (i.Status == ItemStatus.Deciding || i.Status == ItemStatus.Processing))
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ItemStatus.Error)
                    .SetProperty(i => i.Error, word)
                    .SetProperty(i => i.ErrorReason, reason), ct));
        lists.Changed(item.QueueId);
        if (updated == 1) notifications.Changed(item, ItemStatus.Error, error: word);
        // Still unwritable: the row stays processing with no claim behind it, so the watchdog requeues it later.
        if (failure is not null) logger.LogError("Item {ItemId}: could not record error ({Reason}): {Failure}", item.Id, reason, failure);
        return updated == 1;
    }

    /// <summary>available → expired; the converted file goes (an original stays).</summary>
    public async Task<bool> ExpireAsync(DownloadQueueItem item, string reason, CancellationToken ct)
    {
        var updated = await Current(item, ItemStatus.Available)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, ItemStatus.Expired).SetProperty(i => i.MediaPath, (string?)null), ct);
        lists.Changed(item.QueueId);
        if (updated == 0) return false;
        notifications.Changed(item, ItemStatus.Expired);
        CacheFiles.DeleteConverted(item);
        logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: expired ({Reason})", item.Id, item.QueueId, item.Key, reason);
        return true;
    }

    /// <summary>Any state → deciding with a new attempt, keeping the ids; running jobs end and converted files go.</summary>
    public async Task<int> RestartAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var items = await FindAsync(queueId, ids, ct);
        if (items.Count == 0) return 0;
        var found = items.Select(i => i.Id).ToList();
        await db.Items.Where(i => found.Contains(i.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, ItemStatus.Deciding)
            .SetProperty(i => i.Attempt, i => i.Attempt + 1)
            .SetProperty(i => i.Decision, (string?)null)
            .SetProperty(i => i.Error, (string?)null)
            .SetProperty(i => i.ErrorReason, (string?)null)
            .SetProperty(i => i.MediaPath, (string?)null)
            .SetProperty(i => i.AvailableAt, (DateTime?)null)
            .SetProperty(i => i.Owner, (string?)null)
            .SetProperty(i => i.LeaseExpiresAt, (DateTime?)null), ct);
        lists.Changed(queueId);
        foreach (var item in items)
        {
            jobs.Cancel(item.Id);
            signals.CancelEverywhere(item.Id, item.Attempt + 1);
            CacheFiles.DeleteConverted(item);
            notifications.Changed(item, ItemStatus.Deciding, attempt: item.Attempt + 1);
        }
        signals.WakeDecider();
        logger.LogInformation("Queue {QueueId}: restarted items {ItemIds}", queueId, string.Join(",", found));
        return items.Count;
    }

    /// <summary>Any state → gone; running jobs end and converted files go (never an original).</summary>
    public async Task<int> DeleteAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var items = await FindAsync(queueId, ids, ct);
        if (items.Count == 0) return 0;
        var found = items.Select(i => i.Id).ToList();
        try { await db.Items.Where(i => found.Contains(i.Id)).ExecuteDeleteAsync(ct); }
        finally { lists.Changed(queueId); }
        foreach (var item in items)
        {
            jobs.Cancel(item.Id);
            signals.CancelEverywhere(item.Id, int.MaxValue);
            CacheFiles.DeleteConverted(item);
            notifications.Deleted(item);
        }
        logger.LogInformation("Queue {QueueId}: deleted items {ItemIds}", queueId, string.Join(",", found));
        return items.Count;
    }

    /// <summary>
    /// processing with no claim of this server behind it → waiting (deciding when undecided): at start every
    /// processing item, later (the watchdog) any a failed write or a lost job left behind. Wakes both loops.
    /// On PostgreSQL only this instance's own items: the others' are theirs until their lease lapses.
    /// </summary>
    public async Task<int> RequeueInterruptedAsync(CancellationToken ct)
    {
        var mine = cluster.IsPostgres ? cluster.Name : null;
        var processing = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Processing && i.Owner == mine)
            .Select(i => new { i.Id, i.Attempt, Decided = i.Decision != null }).ToListAsync(ct);
        var requeued = 0;
        foreach (var row in processing.Where(r => !jobs.IsHeld(r.Id, r.Attempt)))
        {
            var next = row.Decided ? ItemStatus.Waiting : ItemStatus.Deciding;
            requeued += await db.Items.Where(i => i.Id == row.Id && i.Attempt == row.Attempt && i.Status == ItemStatus.Processing)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, next).SetProperty(i => i.Owner, (string?)null), ct);
        }
        if (requeued > 0) lists.ChangedAll(); // the watchdog runs this every 30 s: kept lists stay unless it moved an item
        signals.WakeDecider();
        signals.WakeConverters();
        return requeued;
    }

    private IQueryable<DownloadQueueItem> Current(DownloadQueueItem item, ItemStatus status) =>
        db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == status && i.Owner == item.Owner);

    private Task<List<DownloadQueueItem>> FindAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Items.AsNoTracking().Where(i => i.QueueId == queueId && ids.Contains(i.Id)).ToListAsync(ct);

    /// <summary>Runs a write until it succeeds or Transcoder:DatabaseWriteTimeout has passed; the failure's message otherwise.</summary>
    private async Task<(int Updated, string? Failure)> WriteWithRetryAsync(DownloadQueueItem item, string what, Func<Task<int>> write)
    {
        var budget = options.Value.DatabaseWriteTimeout;
        var started = Stopwatch.GetTimestamp();
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            var left = budget - Stopwatch.GetElapsedTime(started);
            // SQLite's busy wait is the command timeout: bounded by what is left of the budget.
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(Math.Clamp(Math.Ceiling(left.TotalSeconds), 1, 10)));
            try { return (await write(), null); }
            catch (DbException ex)
            {
                var message = ex.Message.ReplaceLineEndings(" ");
                if (Stopwatch.GetElapsedTime(started) + delay >= budget) return (0, message);
                logger.LogWarning("Item {ItemId}: writing {Status} failed ({Error}); retrying in {Delay} ms", item.Id, what, message, (int)delay.TotalMilliseconds);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
            finally { db.Database.SetCommandTimeout((int?)null); }
        }
    }
}
