namespace PlexQueueServer.Decisions;

/// <summary>One add-direct-play-profile(...) directive: what the client plays untouched.</summary>
public sealed record DirectPlayProfile
{
    /// <summary>videoProfile | musicProfile.</summary>
    public required string Type { get; init; }
    public IReadOnlyList<string> Containers { get; init; } = [];
    public IReadOnlyList<string> VideoCodecs { get; init; } = [];
    public IReadOnlyList<string> AudioCodecs { get; init; } = [];
    public IReadOnlyList<string> SubtitleCodecs { get; init; } = [];
}

/// <summary>One add-transcode-target(...) directive: what the server may convert to.</summary>
public sealed record TranscodeTarget
{
    public required string Type { get; init; }
    public string Context { get; init; } = "static";
    public string Protocol { get; init; } = "http";
    public required string Container { get; init; }
    public IReadOnlyList<string> VideoCodecs { get; init; } = [];
    public IReadOnlyList<string> AudioCodecs { get; init; } = [];
    public IReadOnlyList<string> SubtitleCodecs { get; init; } = [];
}

/// <summary>One add-limitation(...) directive.</summary>
public sealed record ProfileLimitation
{
    /// <summary>videoCodec | videoAudioCodec | videoTranscodeTarget | audioCodec | ...</summary>
    public required string Scope { get; init; }
    public string ScopeName { get; init; } = "*";
    /// <summary>upperBound | lowerBound | match | notMatch.</summary>
    public required string Type { get; init; }
    /// <summary>video.width, video.height, video.level, video.bitDepth, video.frameRate, audio.channels, ...</summary>
    public required string Name { get; init; }
    public string? Value { get; init; }
    public IReadOnlyList<string> List { get; init; } = [];
    public bool IsRequired { get; init; } = true;
}

/// <summary>The client profile: built-in defaults plus X-Plex-Client-Profile-Extra directives.</summary>
public sealed record ClientProfile
{
    public IReadOnlyList<DirectPlayProfile> DirectPlayProfiles { get; init; } = [];
    public IReadOnlyList<TranscodeTarget> TranscodeTargets { get; init; } = [];
    public IReadOnlyList<ProfileLimitation> Limitations { get; init; } = [];

    public static readonly ClientProfile Empty = new();
}
