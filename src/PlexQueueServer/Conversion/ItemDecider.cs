using System.Diagnostics;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>Runs the decision for one deciding item: direct play → available, conversion → waiting, else error.</summary>
public sealed class ItemDecider(ItemLifecycle lifecycle, LibraryCatalog catalog, ILogger<ItemDecider> logger)
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
        else if (!DecisionRequestParser.TryParse(item.ReadParameters(), out var request, out var error))
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

        var title = playable is { } p ? await catalog.DownloadNameAsync(p.Item, ct) : null;
        // Only if nobody restarted or deleted the item meanwhile (the attempt fences stale work).
        var status = await lifecycle.DecidedAsync(item, decision, title, reason, playable?.Item.FilePath, ct);
        if (status is null) return null;
        logger.LogInformation(
            "Item {ItemId} queue {QueueId} key {Key}: {Status}, decision {DecisionCode} {DecisionText} in {DurationMs} ms",
            item.Id, item.QueueId, item.Key, status.Value.ToPlex(), decision.Codes.GeneralCode, reason ?? decision.Codes.GeneralText,
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return status;
    }
}
