using System.Text.Json;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Queue;

/// <summary>The item's states; ItemLifecycle.cs holds the one diagram of how an item moves between them.</summary>
public enum ItemStatus { Deciding, Waiting, Processing, Available, Error, Expired }

/// <summary>Why an item is in error; stored and sent as Plex's error word (ToPlex).</summary>
public enum ItemError { DecisionError, TranscodeError, SourceMissing }

public sealed class DownloadQueueItem
{
    public int Id { get; set; }
    public int QueueId { get; set; }
    public DownloadQueue? Queue { get; set; }
    /// <summary>The key exactly as the client sent it (clients find their item by it).</summary>
    public string Key { get; set; } = "";
    public int RatingKey { get; set; }
    /// <summary>Canonical JSON of the request's transcode parameters: dedupe key and restart input.</summary>
    public string Parameters { get; set; } = "{}";
    /// <summary>SHA-256 of the parameters without per-session values: unique per (queue, key), so racing adds make one item.</summary>
    public string? DedupeHash { get; set; }
    /// <summary>SHA-256 of the source as converted and the ffmpeg plan (Conversion/SharedConversions): equal keys share one file.</summary>
    public string? ConversionKey { get; set; }
    public ItemStatus Status { get; set; }
    /// <summary>Plex error word (ItemError.ToPlex()); null unless status is error.</summary>
    public string? Error { get; set; }
    public string? ErrorReason { get; set; }
    /// <summary>JSON of the DecisionResult and plan; null while deciding.</summary>
    public string? Decision { get; set; }
    /// <summary>Bumped by restart so a finishing job can tell it was superseded.</summary>
    public int Attempt { get; set; }
    /// <summary>File served by the media route: the original for direct play, else the converted file.</summary>
    public string? MediaPath { get; set; }
    public bool MediaIsOriginal { get; set; }
    public string? MediaContainer { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime? AvailableAt { get; set; }
    /// <summary>PostgreSQL: the instance converting it (null otherwise); every job write is fenced by it and the attempt.</summary>
    public string? Owner { get; set; }
    /// <summary>PostgreSQL: when the owner's claim lapses unless renewed; then another instance takes the item over.</summary>
    public DateTime? LeaseExpiresAt { get; set; }
    /// <summary>Download name for Content-Disposition ("Title (Year)"), set when decided.</summary>
    public string? Title { get; set; }

    /// <summary>The stored decision; null while deciding.</summary>
    public PlaybackDecision? ReadDecision() =>
        Decision is null ? null : JsonSerializer.Deserialize<PlaybackDecision>(Decision, StoredJson.Options);

    /// <summary>The stored request parameters, as the add sent them.</summary>
    public SortedDictionary<string, string> ReadParameters() => StoredJson.ReadParameters(Parameters);
}

public static class ItemErrors
{
    public static string ToPlex(this ItemError error) => error switch
    {
        ItemError.DecisionError => "decisionError",
        ItemError.SourceMissing => "sourceMissing",
        _ => "transcodeError",
    };
}

public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static SortedDictionary<string, string> ReadParameters(string json) =>
        JsonSerializer.Deserialize<SortedDictionary<string, string>>(json) ?? new SortedDictionary<string, string>(StringComparer.Ordinal);
}
