using System.Diagnostics.CodeAnalysis;
namespace PlexQueueServer.Decisions;

/// <summary>Turns the stored parameter map into a typed DecisionRequest, or a one-line reason it is malformed.</summary>
public static class DecisionRequestParser
{
    public const string ProfileExtra = "X-Plex-Client-Profile-Extra";
    public const string ProfileName = "X-Plex-Client-Profile-Name";
    public const string Platform = "X-Plex-Platform";

    /// <summary>Parameters stored with an item: the spec's list plus what real clients send.</summary>
    public static readonly IReadOnlyList<string> ParameterNames =
    [
        "advancedSubtitles", "audioBoost", "audioChannelCount", "autoAdjustQuality", "autoAdjustSubtitle",
        "context", "directPlay", "directStream", "directStreamAudio", "disableResolutionRotation", "fastSeek",
        "hasMDE", "location", "maxVideoBitrate", "mediaBufferSize", "mediaIndex", "musicBitrate", "offlineTranscode",
        "offset", "partIndex", "path", "peakBitrate", "photoResolution", "protocol", "secondsPerSegment", "session",
        "subtitleSize", "subtitles", "transcodeSessionId", "transcodeType", "videoBitrate", "videoQuality",
        "videoResolution", ProfileExtra, ProfileName, Platform,
    ];

    /// <summary>Per-session values that do not make a request different for dedupe.</summary>
    public static readonly IReadOnlySet<string> SessionParameters =
        new HashSet<string>(["session", "transcodeSessionId", "path"], StringComparer.OrdinalIgnoreCase);

    public const int MaxKbps = 1_000_000;
    public const int MaxDimension = 16384;

    public static bool TryParse(IReadOnlyDictionary<string, string> parameters, out DecisionRequest request, [NotNullWhen(false)] out string? error) =>
        TryParse(parameters, out request, out error, out _);

    /// <summary>As TryParse, also returning the profile directives that were ignored (unknown verbs), for logging.</summary>
    public static bool TryParse(IReadOnlyDictionary<string, string> parameters, out DecisionRequest request, [NotNullWhen(false)] out string? error,
        out IReadOnlyList<string> ignoredDirectives)
    {
        request = new DecisionRequest();
        ignoredDirectives = [];
        var p = new ParameterReader(parameters);
        var (maxWidth, maxHeight) = p.Resolution("videoResolution", MaxDimension);
        var parsed = new DecisionRequest
        {
            DirectPlay = p.Bool("directPlay", true),
            DirectStream = p.Bool("directStream", true),
            DirectStreamAudio = p.Bool("directStreamAudio", true),
            MaxWidth = maxWidth,
            MaxHeight = maxHeight,
            VideoBitrateKbps = p.Int("videoBitrate", 0, MaxKbps, " (kbps)"),
            MaxVideoBitrateKbps = p.Int("maxVideoBitrate", 0, MaxKbps, " (kbps)"),
            PeakBitrateKbps = p.Int("peakBitrate", 0, MaxKbps, " (kbps)"),
            MusicBitrateKbps = p.Int("musicBitrate", 0, MaxKbps, " (kbps)"),
            VideoQuality = p.Int("videoQuality", 0, 99),
            AudioChannelCount = p.Int("audioChannelCount", 1, 8),
            AudioBoost = p.Int("audioBoost", 1, 1000),
            SubtitleSize = p.Int("subtitleSize", 1, 1000),
            Subtitles = p.Enum("subtitles", "auto", "burn", "none", "sidecar", "embedded", "segmented", "unknown") ?? "auto",
            AdvancedSubtitles = p.Enum("advancedSubtitles", "burn", "text", "unknown"),
            Offset = p.Number("offset", 0, 1e9),
            MediaIndex = p.Int("mediaIndex", -1, 10_000) ?? -1,
            PartIndex = p.Int("partIndex", -1, 10_000) ?? -1,
            Location = p.Enum("location", "lan", "wan", "cellular"),
            Protocol = p.Enum("protocol", "http", "hls", "dash") ?? "http",
            ProfileName = p.Text(ProfileName),
            Platform = p.Text(Platform),
        };
        if (p.Error is not null) { error = p.Error; return false; }
        if (!ClientProfileParser.TryParse(p.Raw(ProfileExtra), parsed.ProfileName, parsed.Platform, out var profile, out ignoredDirectives, out error))
            return false;
        request = parsed with { Profile = profile };
        return true;
    }
}
