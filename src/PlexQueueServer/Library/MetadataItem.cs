namespace PlexQueueServer.Library;

/// <summary>A library entry; its Id is the Plex ratingKey (/library/metadata/{Id}).</summary>
public sealed class MetadataItem
{
    public int Id { get; set; }
    public int SectionId { get; set; }
    /// <summary>Plex type string: movie, show, season, episode, artist, album, track.</summary>
    public string Type { get; set; } = "movie";
    public string Title { get; set; } = "";
    public int? Year { get; set; }
    public int? ParentId { get; set; }
    public int? Index { get; set; }
    /// <summary>Absolute path of the media file; null for containers (show, season, artist, album).</summary>
    public string? FilePath { get; set; }
    public long FileSize { get; set; }
    public DateTime FileModifiedAt { get; set; }
    /// <summary>ffprobe JSON captured at scan time; rebuilt with FFProbe.FromJson, never probed per request.</summary>
    public string? ProbeJson { get; set; }
    public long DurationMs { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
