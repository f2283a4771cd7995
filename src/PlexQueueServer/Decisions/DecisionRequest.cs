namespace PlexQueueServer.Decisions;

/// <summary>
/// The client's request, typed and validated: parsed from the stored parameter map (query names as the
/// spec spells them, plus X-Plex-Client-Profile-Extra / -Name / X-Plex-Platform).
/// </summary>
public sealed record DecisionRequest
{
    public bool DirectPlay { get; init; } = true;
    public bool DirectStream { get; init; } = true;
    public bool DirectStreamAudio { get; init; } = true;
    public int? MaxWidth { get; init; }
    public int? MaxHeight { get; init; }
    /// <summary>Target video bitrate in kbps (videoBitrate).</summary>
    public int? VideoBitrateKbps { get; init; }
    /// <summary>Cap in kbps (maxVideoBitrate).</summary>
    public int? MaxVideoBitrateKbps { get; init; }
    public int? PeakBitrateKbps { get; init; }
    public int? VideoQuality { get; init; }
    public int? MusicBitrateKbps { get; init; }
    public int? AudioChannelCount { get; init; }
    public int? AudioBoost { get; init; }
    /// <summary>auto | burn | none | sidecar | embedded | segmented | unknown.</summary>
    public string Subtitles { get; init; } = "auto";
    public string? AdvancedSubtitles { get; init; }
    public int? SubtitleSize { get; init; }
    public double? Offset { get; init; }
    public int MediaIndex { get; init; } = -1;
    public int PartIndex { get; init; } = -1;
    /// <summary>lan | wan | cellular.</summary>
    public string? Location { get; init; }
    public string Protocol { get; init; } = "http";
    public string? ProfileName { get; init; }
    public string? Platform { get; init; }
    public ClientProfile Profile { get; init; } = ClientProfile.Empty;

    // Caps for a client that names a location but no bitrate: 4000 kbps carries 1080p h264 over a typical
    // home upload (wan); 2000 kbps is a 720p-class rate that a mobile data plan tolerates (cellular); lan has none.
    public const int WanDefaultKbps = 4000;
    public const int CellularDefaultKbps = 2000;

    /// <summary>The tightest video bitrate cap the request carries (videoBitrate, maxVideoBitrate, peakBitrate), in kbps; else the location's default.</summary>
    public int? VideoBitrateCapKbps =>
        new[] { VideoBitrateKbps, MaxVideoBitrateKbps, PeakBitrateKbps }.Where(v => v is > 0).Min() ?? LocationDefaultKbps;

    public int? LocationDefaultKbps => Location switch
    {
        "wan" => WanDefaultKbps,
        "cellular" => CellularDefaultKbps,
        _ => null,
    };
}
