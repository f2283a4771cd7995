using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/// <summary>The queue's rules: ownership, create-or-get, add with dedupe, views. Item transitions are ItemLifecycle's.</summary>
public sealed class DownloadQueueService(
    PlexDbContext db, TranscodeJobs jobs, QueueSignals signals, IOptions<QueueOptions> options, ILogger<DownloadQueueService> logger,
    Notifications.NotificationHub notifications, QueueOwners owners, ItemListCache lists)
{
    public async Task<DownloadQueue> GetOrCreateAsync(PlexUser user, string clientIdentifier, CancellationToken ct)
    {
        clientIdentifier = clientIdentifier.Length > 255 ? clientIdentifier[..255] : clientIdentifier;
        var existing = await db.Queues.FirstOrDefaultAsync(q => q.AccountId == user.AccountId && q.ClientIdentifier == clientIdentifier, ct);
        if (existing is not null) return existing;
        var queue = new DownloadQueue { AccountId = user.AccountId, ClientIdentifier = clientIdentifier, CreatedAt = DateTime.UtcNow };
        db.Queues.Add(queue);
        try
        {
            await db.SaveChangesAsync(ct);
            return queue;
        }
        catch (DbUpdateException)
        {
            // Two first calls raced on the unique (account, client) index: the other one created it.
            db.ChangeTracker.Clear();
            return await db.Queues.FirstAsync(q => q.AccountId == user.AccountId && q.ClientIdentifier == clientIdentifier, ct);
        }
    }

    /// <summary>The queue if this user owns it; another user's queue is indistinguishable from none.</summary>
    public async Task<DownloadQueue?> FindOwnedAsync(PlexUser user, int queueId, CancellationToken ct)
    {
        // Every request on a queue asks this first: read once per queue (QueueOwners).
        var queue = await owners.FindAsync(db, queueId, ct);
        return queue?.AccountId == user.AccountId ? queue : null;
    }

    public async Task<DownloadQueueDto> ToDtoAsync(DownloadQueue queue, CancellationToken ct)
    {
        // One grouped query gives both the live item count and the statuses the queue's status derives from.
        var groups = await db.Items.Where(i => i.QueueId == queue.Id).GroupBy(i => i.Status)
            .Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        return new DownloadQueueDto(queue.Id, queue.AccountId, queue.ClientIdentifier, groups.Sum(g => g.Count),
            QueueStatus.Derive(groups.Select(g => g.Key).ToList()));
    }

    /// <summary>
    /// One item per (queue, key, parameters without session values): the unique index on DedupeHash makes
    /// this hold under racing adds — the loser of a race re-reads and answers the winner's id.
    /// </summary>
    public async Task<(List<AddedQueueItemDto>? Added, string? Error)> AddAsync(DownloadQueue queue, AddRequest request, CancellationToken ct)
    {
        var hash = AddRequest.DedupeHash(request.Parameters);
        for (var round = 0; ; round++)
        {
            var wanted = request.Keys.Select(k => k.Key).Distinct().ToList();
            var existing = (await db.Items.AsNoTracking().Where(i => i.QueueId == queue.Id && i.DedupeHash == hash && wanted.Contains(i.Key))
                .Select(i => new { i.Id, i.Key }).ToListAsync(ct))
                .GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Min(c => c.Id));

            var toCreate = request.Keys.Where(k => !existing.ContainsKey(k.Key)).DistinctBy(k => k.Key).ToList();
            var count = await db.Items.CountAsync(i => i.QueueId == queue.Id, ct);
            if (count + toCreate.Count > options.Value.MaxItemsPerQueue)
                return (null, $"The queue holds at most {options.Value.MaxItemsPerQueue} items; delete some first.");

            var now = DateTime.UtcNow;
            var created = toCreate.Select(k => ItemLifecycle.Create(queue.Id, k.Key, k.RatingKey, request.ParametersJson, hash, now)).ToList();
            db.Items.AddRange(created);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (round < 5)
            {
                // A racing add created one of these keys first (unique index): nothing was saved; read again.
                db.ChangeTracker.Clear();
                continue;
            }
            finally
            {
                if (created.Count > 0) lists.Changed(queue.Id);
            }
            foreach (var item in created) existing[item.Key] = item.Id;
            foreach (var item in created) notifications.Changed(item, ItemStatus.Deciding);
            if (created.Count > 0)
            {
                logger.LogInformation("Queue {QueueId}: added {Count} items ({Keys})", queue.Id, created.Count, string.Join(",", created.Select(c => c.RatingKey)));
                signals.WakeDecider();
            }
            // One entry per key as sent, in order, echoing the key exactly.
            return (request.Keys.Select(k => new AddedQueueItemDto(k.Key, existing[k.Key])).ToList(), null);
        }
    }

    /// <summary>Gives items stored before DedupeHash existed their hash, oldest first; a duplicate of an older item keeps none.</summary>
    public async Task<int> BackfillDedupeHashesAsync(CancellationToken ct)
    {
        var missing = await db.Items.AsNoTracking().Where(i => i.DedupeHash == null).OrderBy(i => i.Id)
            .Select(i => new { i.Id, i.Parameters }).ToListAsync(ct);
        var filled = 0;
        foreach (var row in missing)
        {
            var hash = AddRequest.DedupeHash(StoredJson.ReadParameters(row.Parameters));
            try { filled += await db.Items.Where(i => i.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.DedupeHash, hash), ct); }
            catch (DbUpdateException) { } // an older identical item holds the hash: this duplicate stays as it is
            catch (System.Data.Common.DbException) { }
        }
        return filled;
    }

    public Task<List<DownloadQueueItem>> FindItemsAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Items.AsNoTracking().Where(i => i.QueueId == queueId && ids.Contains(i.Id)).OrderBy(i => i.Id).ToListAsync(ct);

    /// <summary>One item as the list shows it (ItemListQuery.ToDto is the one mapping).</summary>
    public DownloadQueueItemDto ToDto(DownloadQueueItem item) => ItemListQuery.ToDto(
        new ListedItem(item.Id, item.QueueId, item.Key, item.Status, item.Error, DecisionResults.From(item.Decision), item.Attempt, item.MediaContainer), jobs);
}

/// <summary>
/// Queues by id, as read once: a queue's row (id, account, client identifier) is written at creation and never
/// updated or deleted, so this is never stale, on any instance. Each caller gets its own copy of the entity.
/// </summary>
public sealed class QueueOwners
{
    private const int MaxEntries = 100_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, (int AccountId, string ClientIdentifier, DateTime CreatedAt)> known = new();

    /// <summary>The queue by id, whoever owns it; null when there is none.</summary>
    public async Task<DownloadQueue?> FindAsync(PlexDbContext db, int queueId, CancellationToken ct)
    {
        if (!known.TryGetValue(queueId, out var q))
        {
            var read = await db.Queues.AsNoTracking().FirstOrDefaultAsync(x => x.Id == queueId, ct);
            if (read is null) return null;
            if (known.Count >= MaxEntries) known.Clear(); // bounded; a forgotten queue is read again
            known[queueId] = q = (read.AccountId, read.ClientIdentifier, read.CreatedAt);
        }
        return new DownloadQueue { Id = queueId, AccountId = q.AccountId, ClientIdentifier = q.ClientIdentifier, CreatedAt = q.CreatedAt };
    }
}
