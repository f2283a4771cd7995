using System.Globalization;

namespace PlexQueueServer.Decisions;

/// <summary>
/// Checks add-limitation rules against one source stream. A rule whose property the probe did not
/// report is treated as met: refusing direct play over missing facts would convert good files.
/// </summary>
public static class LimitationEvaluator
{
    public const string VideoCodecScope = "videoCodec";
    public const string VideoAudioCodecScope = "videoAudioCodec";
    public const string AudioCodecScope = "audioCodec";

    public static readonly IReadOnlyList<string> Scopes =
        [VideoCodecScope, VideoAudioCodecScope, AudioCodecScope, "videoTranscodeTarget", "videoContainer", "musicContainer"];

    public static readonly IReadOnlyList<string> Names =
    [
        "video.width", "video.height", "video.bitDepth", "video.level", "video.frameRate", "video.profile", "video.bitrate",
        "audio.channels", "audio.bitrate", "audio.samplingRate", "audio.profile",
    ];

    /// <summary>The first required limitation of this scope the stream breaks, as a sentence; null when all are met.</summary>
    public static string? FirstViolation(IEnumerable<ProfileLimitation> limitations, string scope, StreamFacts stream)
    {
        foreach (var l in limitations)
        {
            if (!l.IsRequired || l.Scope != scope) continue;
            if (l.ScopeName != "*" && l.ScopeName != stream.Codec) continue;
            var actual = Property(stream, l.Name);
            if (actual is null || Satisfied(l, actual)) continue;
            var rule = l.List.Count > 0 ? string.Join("|", l.List) : l.Value;
            var label = scope switch
            {
                VideoCodecScope => "video codec",
                VideoAudioCodecScope or AudioCodecScope => "audio codec",
                _ => scope,
            };
            return $"The {l.Name} {actual} does not meet the limitation {l.Type} {rule} for {label} {l.ScopeName}.";
        }
        return null;
    }

    /// <summary>
    /// The tightest required upperBound on a numeric property for an output codec, so an encoded
    /// stream respects the same limits that refused the copy (e.g. audio.channels ≤ 2 downmixes).
    /// </summary>
    public static int? UpperBound(IEnumerable<ProfileLimitation> limitations, string scope, string codec, string name) =>
        limitations
            .Where(l => l.IsRequired && l.Type == "upperBound" && l.Scope == scope && l.Name == name && (l.ScopeName == "*" || l.ScopeName == codec))
            .Select(l => double.TryParse(l.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? (int?)Math.Floor(Math.Clamp(v, 1, int.MaxValue)) : null)
            .Where(v => v is not null)
            .Min();

    private static bool Satisfied(ProfileLimitation l, string actual)
    {
        var number = double.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) ? n : (double?)null;
        double? bound = double.TryParse(l.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b) ? b : null;
        var candidates = l.List.Count > 0 ? l.List : l.Value is null ? [] : [l.Value];
        bool Equal(string c) => c.Equals(actual, StringComparison.OrdinalIgnoreCase) ||
            (number is not null && double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && Math.Abs(x - number.Value) < 1e-6);
        return l.Type switch
        {
            "upperBound" => number is null || bound is null || number <= bound,
            "lowerBound" => number is null || bound is null || number >= bound,
            "match" => candidates.Any(Equal),
            "notMatch" => !candidates.Any(Equal),
            _ => true,
        };
    }

    private static string? Property(StreamFacts s, string name)
    {
        static string? I(int? v) => v?.ToString(CultureInfo.InvariantCulture);
        var isVideo = s.Kind == StreamKind.Video;
        return name switch
        {
            "video.width" when isVideo => I(s.Width),
            "video.height" when isVideo => I(s.Height),
            "video.bitDepth" when isVideo => I(s.BitDepth),
            "video.level" when isVideo => I(s.Level),
            "video.frameRate" when isVideo => s.FrameRate?.ToString("0.###", CultureInfo.InvariantCulture),
            "video.profile" when isVideo => s.Profile?.ToLowerInvariant(),
            "video.bitrate" when isVideo => I(s.BitrateKbps),
            "audio.channels" when !isVideo => I(s.Channels),
            "audio.bitrate" when !isVideo => I(s.BitrateKbps),
            "audio.samplingRate" when !isVideo => I(s.SamplingRate),
            "audio.profile" when !isVideo => s.Profile?.ToLowerInvariant(),
            _ => null,
        };
    }
}
