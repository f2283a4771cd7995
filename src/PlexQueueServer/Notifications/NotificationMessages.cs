using System.Text.Json.Serialization;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Notifications;

// The wire model of the push stream, as PMS sends it: {"NotificationContainer":{"type":…,"size":1,…}}, JSON always.
// Element-like names are PascalCase as in PMS; the rest follow PlexSerializer's camelCase.

public static class NotificationTypes
{
    public const string Activity = "activity";
    public const string TranscodeStart = "transcodeSession.start";
    public const string TranscodeUpdate = "transcodeSession.update";
    public const string TranscodeEnd = "transcodeSession.end";

    /// <summary>Activity.type of a queue item's activity.</summary>
    public const string QueueItemActivity = "download.queue.item";

    public static readonly string[] All = [Activity, TranscodeStart, TranscodeUpdate, TranscodeEnd];
}

public sealed record NotificationEnvelope([property: JsonPropertyName("NotificationContainer")] NotificationContainer NotificationContainer);

public sealed record NotificationContainer
{
    public required string Type { get; init; }
    public int Size { get; init; } = 1;
    [JsonPropertyName("ActivityNotification")]
    public IReadOnlyList<ActivityNotification>? ActivityNotification { get; init; }
    [JsonPropertyName("TranscodeSession")]
    public IReadOnlyList<TranscodeSessionDto>? TranscodeSession { get; init; }
}

/// <summary>event: started (added or restarted), updated (a step or progress), ended (available, error, expired, deleted).</summary>
public sealed record ActivityNotification(
    string Event,
    string Uuid,
    [property: JsonPropertyName("Activity")] ActivityDto Activity);

public sealed record ActivityDto
{
    public required string Uuid { get; init; }
    public string Type { get; init; } = NotificationTypes.QueueItemActivity;
    /// <summary>An item can be deleted (DELETE /downloadQueue/{queueId}/items/{itemId}).</summary>
    public bool Cancellable { get; init; } = true;
    [JsonPropertyName("userID")]
    public required int UserId { get; init; }
    public required string Title { get; init; }
    public string? Subtitle { get; init; }
    /// <summary>0–100; 100 only once the item is available.</summary>
    public required int Progress { get; init; }
    [JsonPropertyName("Context")]
    public required ActivityContext Context { get; init; }
}

/// <summary>Which item the activity is about and its state: what a page needs to update a row without polling.</summary>
public sealed record ActivityContext
{
    [JsonPropertyName("queueID")]
    public required int QueueId { get; init; }
    [JsonPropertyName("itemID")]
    public required int ItemId { get; init; }
    public required string Key { get; init; }
    /// <summary>deciding, waiting, processing, available, error, expired, or deleted (the item is gone).</summary>
    public required string Status { get; init; }
    /// <summary>Plex's error word (decisionError, transcodeError, sourceMissing) when status is error.</summary>
    public string? Error { get; init; }
    /// <summary>The running conversion's key (the item's TranscodeSession.key) while processing.</summary>
    public string? TranscodeSessionKey { get; init; }
}
