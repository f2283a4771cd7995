using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>Runs the decision for one deciding item: direct play → available, conversion → waiting, else error.</summary>
public sealed class ItemDecider(PlexDbContext db, LibraryCatalog catalog, ILogger<ItemDecider> logger)
{
    public async Task<ItemStatus?> DecideAsync(DownloadQueueItem item, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var playable = await catalog.FindPlayableAsync(item.RatingKey, ct);
        PlaybackDecision decision;
        string? reason = null;
        if (playable is null)
        {
            decision = DecisionCodeTexts.UnknownKey();
            reason = $"{item.Key} names no playable library item.";
        }
        else if (!DecisionRequestParser.TryParse(AddRequest.ParseStored(item.Parameters), out var request, out var error))
        {
            decision = DecisionCodeTexts.UnknownKey(playable.Value.Facts.Container);
            reason = error;
        }
        else
        {
            decision = DecisionEngine.Decide(playable.Value.Facts, request);
            if (decision.Method == PlaybackMethod.Convert && !ConversionArguments.CanEncode(decision, out var why))
                reason = $"Cannot convert this item: {why}.";
        }

        var status = reason is not null || decision.Method == PlaybackMethod.None ? ItemStatus.Error
            : decision.Method == PlaybackMethod.DirectPlay ? ItemStatus.Available : ItemStatus.Waiting;
        var now = DateTime.UtcNow;
        var title = playable is { } p ? DownloadName(p.Item) : null;
        var json = JsonSerializer.Serialize(decision, StoredJson.Options);
        var direct = status == ItemStatus.Available;
        // Only if nobody restarted or deleted the item meanwhile (the attempt fences stale work).
        var updated = await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Deciding)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, status)
                .SetProperty(i => i.Decision, json)
                .SetProperty(i => i.Title, title)
                .SetProperty(i => i.Error, status == ItemStatus.Error ? "decisionError" : null)
                .SetProperty(i => i.ErrorReason, reason ?? (status == ItemStatus.Error ? decision.Codes.TranscodeText ?? decision.Codes.GeneralText : null))
                .SetProperty(i => i.MediaPath, direct ? playable!.Value.Item.FilePath : null)
                .SetProperty(i => i.MediaIsOriginal, direct)
                .SetProperty(i => i.MediaContainer, decision.Container)
                .SetProperty(i => i.AvailableAt, direct ? now : null), ct);
        if (updated == 0) return null;
        logger.LogInformation(
            "Item {ItemId} queue {QueueId} key {Key}: {Status}, decision {DecisionCode} {DecisionText} in {DurationMs} ms",
            item.Id, item.QueueId, item.Key, status.ToPlex(), decision.Codes.GeneralCode, reason ?? decision.Codes.GeneralText,
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return status;
    }

    private static string DownloadName(MetadataItem item) => item.Year is { } year ? $"{item.Title} ({year})" : item.Title;
}
