using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Conversion;
using PlexQueueServer.Decisions;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/// <summary>The queue's rules: ownership, create-or-get, add with dedupe, delete, restart, views.</summary>
public sealed class DownloadQueueService(
    PlexDbContext db, TranscodeJobs jobs, QueueSignals signals, IOptions<QueueOptions> options, ILogger<DownloadQueueService> logger)
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
    public Task<DownloadQueue?> FindOwnedAsync(PlexUser user, int queueId, CancellationToken ct) =>
        db.Queues.AsNoTracking().FirstOrDefaultAsync(q => q.Id == queueId && q.AccountId == user.AccountId, ct);

    public async Task<DownloadQueueDto> ToDtoAsync(DownloadQueue queue, CancellationToken ct)
    {
        // One grouped query gives both the live item count and the statuses the queue's status derives from.
        var groups = await db.Items.Where(i => i.QueueId == queue.Id).GroupBy(i => i.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new DownloadQueueDto(queue.Id, queue.AccountId, queue.ClientIdentifier, groups.Sum(g => g.Count),
            QueueStatus.Derive(groups.Select(g => g.Status).ToList()));
    }

    public async Task<(List<AddedQueueItemDto>? Added, string? Error)> AddAsync(DownloadQueue queue, AddRequest request, CancellationToken ct)
    {
        var wanted = request.Keys.Select(k => k.Key).Distinct().ToList();
        var candidates = await db.Items.AsNoTracking().Where(i => i.QueueId == queue.Id && wanted.Contains(i.Key))
            .Select(i => new { i.Id, i.Key, i.Parameters }).ToListAsync(ct);
        var dedupe = AddRequest.DedupeKey(request.Parameters);
        var existing = candidates.Where(c => AddRequest.DedupeKey(AddRequest.ParseStored(c.Parameters)) == dedupe)
            .GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.Min(c => c.Id));

        var toCreate = request.Keys.Where(k => !existing.ContainsKey(k.Key)).DistinctBy(k => k.Key).ToList();
        var count = await db.Items.CountAsync(i => i.QueueId == queue.Id, ct);
        if (count + toCreate.Count > options.Value.MaxItemsPerQueue)
            return (null, $"The queue holds at most {options.Value.MaxItemsPerQueue} items; delete some first.");

        var now = DateTime.UtcNow;
        var created = toCreate.Select(k => new DownloadQueueItem
        {
            QueueId = queue.Id, Key = k.Key, RatingKey = k.RatingKey, Parameters = request.ParametersJson,
            Status = ItemStatus.Deciding, Decision = null, AddedAt = now,
        }).ToList();
        db.Items.AddRange(created);
        await db.SaveChangesAsync(ct);
        foreach (var item in created) existing[item.Key] = item.Id;
        if (created.Count > 0)
        {
            logger.LogInformation("Queue {QueueId}: added {Count} items ({Keys})", queue.Id, created.Count, string.Join(",", created.Select(c => c.RatingKey)));
            signals.WakeDecider();
        }
        // One entry per key as sent, in order, echoing the key exactly.
        return (request.Keys.Select(k => new AddedQueueItemDto(k.Key, existing[k.Key])).ToList(), null);
    }

    public Task<List<DownloadQueueItem>> FindItemsAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct) =>
        db.Items.AsNoTracking().Where(i => i.QueueId == queueId && ids.Contains(i.Id)).OrderBy(i => i.Id).ToListAsync(ct);

    public DownloadQueueItemDto ToDto(DownloadQueueItem item) => new()
    {
        Id = item.Id,
        QueueId = item.QueueId,
        Key = item.Key,
        Status = item.Status.ToPlex(),
        Error = item.Status == ItemStatus.Error ? item.Error ?? "transcodeError" : null,
        DecisionResult = DecisionResultDto.From(ReadDecision(item)?.Codes),
        // Between the claim and ffmpeg's start there is no job yet: report a session at 0 % rather than none.
        TranscodeSession = item.Status == ItemStatus.Processing
            ? jobs.Find(item.Id)?.ToDto() ?? new TranscodeSessionDto { Key = TranscodeSession.KeyFor(item.Id, item.Attempt), Container = item.MediaContainer ?? "mp4" }
            : null,
    };

    public static PlaybackDecision? ReadDecision(DownloadQueueItem item) =>
        item.Decision is null ? null : JsonSerializer.Deserialize<PlaybackDecision>(item.Decision, StoredJson.Options);

    /// <summary>Removes items, ends their conversions and deletes converted files (never an original).</summary>
    public async Task<int> DeleteAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var items = await FindItemsAsync(queueId, ids, ct);
        if (items.Count == 0) return 0;
        var found = items.Select(i => i.Id).ToList();
        await db.Items.Where(i => found.Contains(i.Id)).ExecuteDeleteAsync(ct);
        foreach (var item in items)
        {
            jobs.Cancel(item.Id);
            DeleteConverted(item);
        }
        logger.LogInformation("Queue {QueueId}: deleted items {ItemIds}", queueId, string.Join(",", found));
        return items.Count;
    }

    /// <summary>Reprocesses items from their stored parameters, keeping their ids.</summary>
    public async Task<int> RestartAsync(int queueId, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var items = await FindItemsAsync(queueId, ids, ct);
        if (items.Count == 0) return 0;
        var found = items.Select(i => i.Id).ToList();
        await db.Items.Where(i => found.Contains(i.Id)).ExecuteUpdateAsync(s => s
            .SetProperty(i => i.Status, ItemStatus.Deciding)
            .SetProperty(i => i.Attempt, i => i.Attempt + 1)
            .SetProperty(i => i.Decision, (string?)null)
            .SetProperty(i => i.Error, (string?)null)
            .SetProperty(i => i.ErrorReason, (string?)null)
            .SetProperty(i => i.MediaPath, (string?)null)
            .SetProperty(i => i.AvailableAt, (DateTime?)null), ct);
        foreach (var item in items)
        {
            jobs.Cancel(item.Id);
            DeleteConverted(item);
        }
        signals.WakeDecider();
        logger.LogInformation("Queue {QueueId}: restarted items {ItemIds}", queueId, string.Join(",", found));
        return items.Count;
    }

    public static void DeleteConverted(DownloadQueueItem item)
    {
        if (item.MediaPath is null || item.MediaIsOriginal) return;
        try { File.Delete(item.MediaPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
