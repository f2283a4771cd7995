using PlexQueueServer.Decisions;

namespace PlexQueueServer.Queue;

// The wire model of /downloadQueue: one record set for JSON and XML (PlexSerializer), nulls omitted.

public sealed record QueueContainer(QueueList MediaContainer);

public sealed record QueueList(int Size, IReadOnlyList<DownloadQueueDto> DownloadQueue);

public sealed record DownloadQueueDto(int Id, int Owner, string ClientIdentifier, int ItemCount, string Status);

public sealed record AddedContainer(AddedList MediaContainer);

public sealed record AddedList(int Size, IReadOnlyList<AddedQueueItemDto> AddedQueueItems);

public sealed record AddedQueueItemDto(string Key, int Id);

public sealed record ItemsContainer(ItemList MediaContainer);

public sealed record ItemList(
    int Size,
    int? Offset,
    int? TotalSize,
    IReadOnlyList<DownloadQueueItemDto>? DownloadQueueItem);

public sealed record DownloadQueueItemDto
{
    public required int Id { get; init; }
    public required int QueueId { get; init; }
    public required string Key { get; init; }
    public required string Status { get; init; }
    public string? Error { get; init; }
    public required DecisionResultDto DecisionResult { get; init; }
    public TranscodeSessionDto? TranscodeSession { get; init; }
}

/// <summary>Always present; empty while deciding, as on a real server.</summary>
public sealed record DecisionResultDto
{
    public int? AvailableBandwidth { get; init; }
    public int? GeneralDecisionCode { get; init; }
    public string? GeneralDecisionText { get; init; }
    public int? DirectPlayDecisionCode { get; init; }
    public string? DirectPlayDecisionText { get; init; }
    public int? TranscodeDecisionCode { get; init; }
    public string? TranscodeDecisionText { get; init; }

    public static DecisionResultDto From(DecisionCodes? codes) => codes is null ? new() : new()
    {
        AvailableBandwidth = codes.AvailableBandwidth,
        GeneralDecisionCode = codes.GeneralCode,
        GeneralDecisionText = codes.GeneralText,
        DirectPlayDecisionCode = codes.DirectPlayCode,
        DirectPlayDecisionText = codes.DirectPlayText,
        TranscodeDecisionCode = codes.TranscodeCode,
        TranscodeDecisionText = codes.TranscodeText,
    };
}

/// <summary>Only while processing. Strict clients require the non-nullable fields, booleans as booleans.</summary>
public sealed record TranscodeSessionDto
{
    public required string Key { get; init; }
    public bool Throttled { get; init; }
    public bool Complete { get; init; }
    public double Progress { get; init; }
    public long Size { get; init; }
    public double? Speed { get; init; }
    public bool Error { get; init; }
    public long? Duration { get; init; }
    public int? Remaining { get; init; }
    public string Context { get; init; } = "static";
    public string? SourceVideoCodec { get; init; }
    public string? SourceAudioCodec { get; init; }
    public string? VideoDecision { get; init; }
    public string? AudioDecision { get; init; }
    public string Protocol { get; init; } = "http";
    public required string Container { get; init; }
    public string? VideoCodec { get; init; }
    public string? AudioCodec { get; init; }
    public int AudioChannels { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public bool TranscodeHwRequested { get; init; }
    public bool TranscodeHwFullPipeline { get; init; }
    /// <summary>Backend name (vaapi, qsv, nvenc) decoding / encoding on the device; omitted in software.</summary>
    public string? TranscodeHwDecoding { get; init; }
    public string? TranscodeHwEncoding { get; init; }
}
