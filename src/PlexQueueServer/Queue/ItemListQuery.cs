using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Decisions;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Queue;

/// <summary>
/// GET …/items stays cheap as queues grow: one compiled, untracked query reads only the columns the list shows, a page
/// in id order (the (QueueId, Id) index) with the queue's total beside it (an uncorrelated subquery SQLite runs once),
/// and the decision's codes are read from the stored JSON once per distinct decision, not per item and request.
/// </summary>
public static class ItemListQuery
{
    public sealed record Row(int Id, int QueueId, string Key, ItemStatus Status, string? Error, string? Decision, int Attempt,
        string? MediaContainer, int Total);

    /// <summary>The compiled pair for one model: EF refuses a compiled query on another model (SQLite vs PostgreSQL).</summary>
    private sealed class Compiled
    {
        public readonly Func<PlexDbContext, int, int, int, IAsyncEnumerable<Row>> Page = EF.CompileAsyncQuery(
            (PlexDbContext db, int queueId, int skip, int take) => db.Items.AsNoTracking()
                .Where(i => i.QueueId == queueId).OrderBy(i => i.Id).Skip(skip).Take(take)
                .Select(i => new Row(i.Id, i.QueueId, i.Key, i.Status, i.Error, i.Decision, i.Attempt, i.MediaContainer,
                    db.Items.Count(x => x.QueueId == queueId))));

        public readonly Func<PlexDbContext, int, Task<int>> Count = EF.CompileAsyncQuery(
            (PlexDbContext db, int queueId) => db.Items.Count(i => i.QueueId == queueId));
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Microsoft.EntityFrameworkCore.Metadata.IModel, Compiled> ByModel = new();

    /// <summary>
    /// The page and the queue's total. From memory while the queue is unchanged (ItemListCache); otherwise from the
    /// database: the whole queue when it has been quiet for a moment (and kept), else just the page.
    /// </summary>
    public static async Task<(IReadOnlyList<ListedItem> Rows, int Total)> PageAsync(Func<PlexDbContext> context, ItemListCache cache, int queueId, int start, int? size,
        CancellationToken ct)
    {
        if (cache.TryGet(queueId, out var cached)) return Slice(cached, start, size);
        var db = context();
        var compiled = ByModel.GetValue(db.Model, _ => new Compiled());
        if (cache.ShouldLoadWhole(queueId, out var stamp))
        {
            ListedItem[]? rows = null;
            try
            {
                var all = new List<ListedItem>();
                await foreach (var row in compiled.Page(db, queueId, 0, int.MaxValue).WithCancellation(ct)) all.Add(Listed(row));
                rows = all.ToArray();
            }
            finally { cache.Store(queueId, stamp, rows); } // also when the read failed: the next caller loads
            return Slice(rows, start, size);
        }
        var page = new List<ListedItem>(Math.Min(size ?? 100, 1000));
        var total = -1;
        await foreach (var row in compiled.Page(db, queueId, start, size ?? int.MaxValue).WithCancellation(ct))
        {
            page.Add(Listed(row));
            total = row.Total;
        }
        // A page past the end carries no total: a second (count) query.
        return (page, total >= 0 ? total : await compiled.Count(db, queueId));
    }

    private static (IReadOnlyList<ListedItem>, int) Slice(ListedItem[] rows, int start, int? size)
    {
        if (start >= rows.Length) return ([], rows.Length);
        var count = Math.Min(size ?? int.MaxValue, rows.Length - start);
        return (new ArraySegment<ListedItem>(rows, start, count), rows.Length);
    }

    /// <summary>A row as the list keeps it: the decision's codes parsed (and shared), not its JSON.</summary>
    public static ListedItem Listed(Row row) =>
        new(row.Id, row.QueueId, row.Key, row.Status, row.Error, DecisionResults.From(row.Decision), row.Attempt, row.MediaContainer);

    public static DownloadQueueItemDto ToDto(ListedItem row, TranscodeJobs jobs) => new()
    {
        Id = row.Id,
        QueueId = row.QueueId,
        Key = row.Key,
        Status = row.Status.ToPlex(),
        Error = row.Status is ItemStatus.Error ? row.Error ?? ItemError.TranscodeError.ToPlex() : null,
        DecisionResult = row.DecisionResult,
        // Between the claim and ffmpeg's start there is no job yet: report a session at 0 % rather than none.
        TranscodeSession = row.Status is ItemStatus.Processing
            ? jobs.Find(row.Id, row.Attempt)?.ToDto() ?? new TranscodeSessionDto { Key = TranscodeSession.KeyFor(row.Id, row.Attempt), Container = row.MediaContainer ?? "mp4" }
            : null,
    };
}

/// <summary>One item of a list: what GET …/items shows of it (progress comes from the running job at answer time).</summary>
public sealed record ListedItem(int Id, int QueueId, string Key, ItemStatus Status, string? Error, DecisionResultDto DecisionResult, int Attempt,
    string? MediaContainer);

/// <summary>A stored decision's DecisionResult, parsed once per distinct JSON (items of one request share it).</summary>
public static class DecisionResults
{
    private const int MaxEntries = 4096;
    private static readonly ConcurrentDictionary<string, DecisionResultDto> Parsed = new(StringComparer.Ordinal);
    private static readonly DecisionResultDto Empty = new();

    private sealed record CodesOnly(DecisionCodes? Codes);

    public static DecisionResultDto From(string? decisionJson)
    {
        if (decisionJson is null) return Empty;
        if (Parsed.TryGetValue(decisionJson, out var known)) return known;
        var dto = DecisionResultDto.From(JsonSerializer.Deserialize<CodesOnly>(decisionJson, StoredJson.Options)?.Codes);
        if (Parsed.Count >= MaxEntries) Parsed.Clear(); // bounded: distinct decisions are few, but never grow without limit
        Parsed[decisionJson] = dto;
        return dto;
    }
}
