using System.Text.Json.Serialization;

namespace PlexQueueServer.Decisions;

public enum PlaybackMethod { DirectPlay, Convert, None }

/// <summary>What happens to one source stream; stored and sent as Plex's word (copy, transcode, burn, ignore).</summary>
public enum StreamDecision
{
    [JsonStringEnumMemberName("copy")] Copy,
    [JsonStringEnumMemberName("transcode")] Transcode,
    [JsonStringEnumMemberName("burn")] Burn,
    [JsonStringEnumMemberName("ignore")] Ignore,
}

public static class StreamDecisions
{
    public static string ToPlex(this StreamDecision decision) => decision switch
    {
        StreamDecision.Copy => "copy",
        StreamDecision.Transcode => "transcode",
        StreamDecision.Burn => "burn",
        _ => "ignore",
    };
}

/// <summary>Plex's code/text pairs (1xxx OK, 2xxx general errors, 3xxx direct play, 4xxx conversion).</summary>
public sealed record DecisionCodes
{
    public required int GeneralCode { get; init; }
    public required string GeneralText { get; init; }
    public int? DirectPlayCode { get; init; }
    public string? DirectPlayText { get; init; }
    /// <summary>Absent on direct play.</summary>
    public int? TranscodeCode { get; init; }
    public string? TranscodeText { get; init; }
    public int? AvailableBandwidth { get; init; }
}

/// <summary>What happens to one source stream. Values are whitelisted codec names, never client strings.</summary>
public sealed record StreamPlan
{
    public required int SourceIndex { get; init; }
    public required StreamKind Kind { get; init; }
    public required string SourceCodec { get; init; }
    /// <summary>Plex's Stream decision.</summary>
    public required StreamDecision Decision { get; init; }
    /// <summary>direct | embedded | sidecar-subs (Plex's Stream location).</summary>
    public string Location { get; init; } = "direct";
    /// <summary>Output codec in Plex's vocabulary (h264, hevc, aac, mp3, opus, flac, ac3, mov_text, srt).</summary>
    public required string Codec { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public int? BitrateKbps { get; init; }
    public int? Channels { get; init; }
    /// <summary>Percent, 100 = unchanged.</summary>
    public int? AudioBoost { get; init; }
    public bool ToneMap { get; init; }
    /// <summary>Burned subtitle size, percent of the renderer's default (subtitleSize); null = default.</summary>
    public int? SubtitleSize { get; init; }
}

/// <summary>The decision engine's answer: a pure value, stored as JSON on the item.</summary>
public sealed record PlaybackDecision
{
    public required DecisionCodes Codes { get; init; }
    public required PlaybackMethod Method { get; init; }
    /// <summary>Output container (the source's for direct play).</summary>
    public required string Container { get; init; }
    public IReadOnlyList<StreamPlan> Streams { get; init; } = [];

    public StreamPlan? Video => Streams.FirstOrDefault(s => s.Kind == StreamKind.Video && s.Decision != StreamDecision.Ignore);
    public StreamPlan? Audio => Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio && s.Decision != StreamDecision.Ignore);
}
