namespace PlexQueueServer.Decisions;

public enum StreamKind { Video = 1, Audio = 2, Subtitle = 3 }

/// <summary>What ffprobe said about one stream, in Plex's vocabulary (codec "h264", "aac", "srt"...).</summary>
public sealed record StreamFacts
{
    /// <summary>ffprobe's absolute stream index in the file (what -map 0:N needs).</summary>
    public required int Index { get; init; }
    public required StreamKind Kind { get; init; }
    public required string Codec { get; init; }
    public string? Profile { get; init; }
    public int? Level { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? FrameRate { get; init; }
    public int? BitDepth { get; init; }
    /// <summary>HDR transfer (smpte2084 / arib-std-b67).</summary>
    public bool Hdr { get; init; }
    public string? ColorTransfer { get; init; }
    public int? Channels { get; init; }
    public string? ChannelLayout { get; init; }
    public int? SamplingRate { get; init; }
    public int? BitrateKbps { get; init; }
    public string? Language { get; init; }
    public string? Title { get; init; }
    public bool Default { get; init; }
    public bool Forced { get; init; }
    public bool HearingImpaired { get; init; }
    /// <summary>A sidecar subtitle file beside the video (not inside it): ffmpeg reads it as an input of its own.</summary>
    public string? ExternalPath { get; init; }
}

/// <summary>The source media: a pure value the decision engine reads; built from cached ffprobe JSON.</summary>
public sealed record MediaFacts
{
    /// <summary>Plex container name: mp4, mkv, mov, avi, webm, mp3, flac, m4a, ogg, wav...</summary>
    public required string Container { get; init; }
    public long DurationMs { get; init; }
    public int? BitrateKbps { get; init; }
    public long SizeBytes { get; init; }
    public required IReadOnlyList<StreamFacts> Streams { get; init; }

    public bool IsMusic => Streams.All(s => s.Kind != StreamKind.Video);
    public StreamFacts? Video => Streams.FirstOrDefault(s => s.Kind == StreamKind.Video);
    public StreamFacts? Audio => Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio && s.Default) ?? Streams.FirstOrDefault(s => s.Kind == StreamKind.Audio);
}
