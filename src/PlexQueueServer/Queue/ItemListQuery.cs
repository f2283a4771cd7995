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

    /// <summary>The page and the queue's total; a page past the end costs a second (count) query.</summary>
    public static async Task<(List<Row> Rows, int Total)> PageAsync(PlexDbContext db, int queueId, int start, int? size, CancellationToken ct)
    {
        var compiled = ByModel.GetValue(db.Model, _ => new Compiled());
        var rows = new List<Row>(Math.Min(size ?? 100, 1000));
        await foreach (var row in compiled.Page(db, queueId, start, size ?? int.MaxValue).WithCancellation(ct)) rows.Add(row);
        var total = rows.Count > 0 ? rows[0].Total : await compiled.Count(db, queueId);
        return (rows, total);
    }

    public static DownloadQueueItemDto ToDto(Row row, TranscodeJobs jobs) => new()
    {
        Id = row.Id,
        QueueId = row.QueueId,
        Key = row.Key,
        Status = row.Status.ToPlex(),
        Error = row.Status is ItemStatus.Error ? row.Error ?? ItemError.TranscodeError.ToPlex() : null,
        DecisionResult = DecisionResults.From(row.Decision),
        // Between the claim and ffmpeg's start there is no job yet: report a session at 0 % rather than none.
        TranscodeSession = row.Status is ItemStatus.Processing
            ? jobs.Find(row.Id, row.Attempt)?.ToDto() ?? new TranscodeSessionDto { Key = TranscodeSession.KeyFor(row.Id, row.Attempt), Container = row.MediaContainer ?? "mp4" }
            : null,
    };
}

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
