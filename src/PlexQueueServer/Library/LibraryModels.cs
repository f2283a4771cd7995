using System.Text.Json.Serialization;

namespace PlexQueueServer.Library;

// Plex response shapes (schemas LibrarySection, Metadata, Media, Part, Stream); nulls are omitted.
// Names that clash with Plex element names (type, directory) are spelled out so no naming policy can capitalize them.

public sealed record SectionsContainer([property: JsonPropertyName("MediaContainer")] SectionsBody MediaContainer);

public sealed record SectionsBody
{
    public int Size { get; init; }
    public bool AllowSync { get; init; }
    public string? Title1 { get; init; }
    [JsonPropertyName("Directory")] public required IReadOnlyList<PlexSection> Directory { get; init; }
}

public sealed record PlexSection
{
    public bool AllowSync { get; init; } = true;
    public required string Key { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    public required string Title { get; init; }
    public required string Agent { get; init; }
    public required string Scanner { get; init; }
    public string Language { get; init; } = "en-US";
    public required string Uuid { get; init; }
    public bool Refreshing { get; init; }
    public long? ScannedAt { get; init; }
    public long? UpdatedAt { get; init; }
    public long? CreatedAt { get; init; }
    public bool Content { get; init; } = true;
    [JsonPropertyName("directory")] public bool Directory { get; init; } = true;
    public bool Filters { get; init; }
    public bool Hidden { get; init; }
    [JsonPropertyName("Location")] public required IReadOnlyList<PlexLocation> Location { get; init; }
}

public sealed record PlexLocation(int Id, string Path);

public sealed record DetailsContainer([property: JsonPropertyName("MediaContainer")] DetailsBody MediaContainer);

public sealed record DetailsBody
{
    public int Size { get; init; }
    public bool AllowSync { get; init; } = true;
    public string Content { get; init; } = "secondary";
    public string Identifier { get; init; } = "com.plexapp.plugins.library";
    public int LibrarySectionID { get; init; }
    public required string Title1 { get; init; }
    public string ViewGroup { get; init; } = "secondary";
    [JsonPropertyName("Directory")] public required IReadOnlyList<DetailsDirectory> Directory { get; init; }
}

public sealed record DetailsDirectory(string Key, string Title);

public sealed record MetadataContainer([property: JsonPropertyName("MediaContainer")] MetadataBody MediaContainer);

public sealed record MetadataBody
{
    public int Size { get; init; }
    public int? TotalSize { get; init; }
    public int? Offset { get; init; }
    public bool AllowSync { get; init; } = true;
    public int? LibrarySectionID { get; init; }
    public string? LibrarySectionTitle { get; init; }
    public string? LibrarySectionUUID { get; init; }
    public string? Title1 { get; init; }
    public string? Title2 { get; init; }
    public string? ViewGroup { get; init; }
    /// <summary>children/allLeaves: the container listed (its id, title and index), as PMS writes them.</summary>
    public string? Key { get; init; }
    public string? ParentTitle { get; init; }
    public int? ParentIndex { get; init; }
    [JsonPropertyName("Metadata")] public required IReadOnlyList<PlexMetadata> Metadata { get; init; }
}

public sealed record PlexMetadata
{
    public required string RatingKey { get; init; }
    public required string Key { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    public required string Title { get; init; }
    public int? Year { get; init; }
    // Pictures, guid and .nfo summary (Library/ArtworkFields.cs).
    public string? Guid { get; init; }
    public string? Summary { get; init; }
    public string? Thumb { get; init; }
    public string? Art { get; init; }
    public string? ParentThumb { get; init; }
    public string? GrandparentThumb { get; init; }
    public string? GrandparentArt { get; init; }
    public int? Index { get; init; }
    public long? Duration { get; init; }
    public int? LibrarySectionID { get; init; }
    public string? LibrarySectionTitle { get; init; }
    public string? LibrarySectionKey { get; init; }
    public string? ParentRatingKey { get; init; }
    public string? ParentKey { get; init; }
    public string? ParentTitle { get; init; }
    /// <summary>Episode: its season's number; track: its album's index.</summary>
    public int? ParentIndex { get; init; }
    public string? GrandparentRatingKey { get; init; }
    public string? GrandparentKey { get; init; }
    public string? GrandparentTitle { get; init; }
    public int? ChildCount { get; init; }
    public int? LeafCount { get; init; }
    /// <summary>Containers only; no watch state is kept, so always 0.</summary>
    public int? ViewedLeafCount { get; init; }
    public long AddedAt { get; init; }
    public long UpdatedAt { get; init; }
    [JsonPropertyName("Media")] public IReadOnlyList<PlexMedia>? Media { get; init; }
}

public sealed record PlexMedia
{
    public int Id { get; init; }
    public long? Duration { get; init; }
    public int? Bitrate { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? AspectRatio { get; init; }
    public int? AudioChannels { get; init; }
    public string? AudioCodec { get; init; }
    public string? VideoCodec { get; init; }
    public string? VideoResolution { get; init; }
    public required string Container { get; init; }
    public string? VideoFrameRate { get; init; }
    public string? VideoProfile { get; init; }
    public string? AudioProfile { get; init; }
    /// <summary>Decision documents only: the Media the decision chose.</summary>
    public bool? Selected { get; init; }
    [JsonPropertyName("Part")] public required IReadOnlyList<PlexPart> Part { get; init; }
}

public sealed record PlexPart
{
    public int Id { get; init; }
    /// <summary>Key, File and Size describe the original file; a decision document omits them for a conversion.</summary>
    public string? Key { get; init; }
    public long? Duration { get; init; }
    public string? File { get; init; }
    public long? Size { get; init; }
    public required string Container { get; init; }
    public bool? Exists { get; init; }
    public bool? Accessible { get; init; }
    /// <summary>Decision documents only: directplay | transcode.</summary>
    public string? Decision { get; init; }
    public bool? Selected { get; init; }
    [JsonPropertyName("Stream")] public required IReadOnlyList<PlexStream> Stream { get; init; }
}

public sealed record PlexStream
{
    public long Id { get; init; }
    /// <summary>Sidecar subtitles only (/library/streams/{id} serves the file); embedded streams have none, as in PMS.</summary>
    public string? Key { get; init; }
    public int StreamType { get; init; }
    /// <summary>The stream's index in the file; null for a sidecar.</summary>
    public int? Index { get; init; }
    public required string Codec { get; init; }
    public required string DisplayTitle { get; init; }
    public string? Title { get; init; }
    public bool Default { get; init; }
    public bool Selected { get; init; }
    public bool Forced { get; init; }
    public int? Width { get; init; }
    public int? Height { get; init; }
    public double? FrameRate { get; init; }
    public int? Bitrate { get; init; }
    public int? Channels { get; init; }
    public string? AudioChannelLayout { get; init; }
    public int? SamplingRate { get; init; }
    public string? Language { get; init; }
    public string? LanguageCode { get; init; }
    /// <summary>Sidecars: the language as the file name spells it (en); format = codec (srt).</summary>
    public string? LanguageTag { get; init; }
    public string? Format { get; init; }
    public bool? HearingImpaired { get; init; }
    public string? Profile { get; init; }
    public int? Level { get; init; }
    public int? BitDepth { get; init; }
    public string? ColorTrc { get; init; }
    /// <summary>Decision documents only: copy | transcode | burn | ignore.</summary>
    public string? Decision { get; init; }
    /// <summary>direct | embedded | sidecar-subs; spelled out because "Location" is a Plex element name.</summary>
    [JsonPropertyName("location")] public string? Location { get; init; }
    /// <summary>"1" when the subtitle is burned into the video.</summary>
    public string? Burn { get; init; }
    /// <summary>"1" when the stream is left out of the output.</summary>
    public string? Ignore { get; init; }
}
