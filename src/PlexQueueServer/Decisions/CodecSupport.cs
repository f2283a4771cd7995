namespace PlexQueueServer.Decisions;

/// <summary>
/// What this server can encode and mux. Output codec names come only from these sets, so a client
/// string can never reach the converter (the engine's outputs are whitelisted tokens).
/// </summary>
public static class CodecSupport
{
    public static readonly IReadOnlySet<string> VideoEncoders = Set("h264", "hevc");
    public static readonly IReadOnlySet<string> AudioEncoders = Set("aac", "mp3", "opus", "flac", "ac3");
    public static readonly IReadOnlySet<string> Containers = Set("mp4", "mkv", "mp3", "m4a", "ogg", "flac");
    public static readonly IReadOnlySet<string> TextSubtitles = Set("srt", "ass", "ssa", "mov_text", "subrip", "webvtt", "vtt");

    // What each output container can hold, for copied and encoded streams alike (mkv holds anything).
    private static readonly Dictionary<string, (IReadOnlySet<string>? Video, IReadOnlySet<string>? Audio)> Muxable = new()
    {
        ["mp4"] = (Set("h264", "hevc", "av1", "vp9", "mpeg4"), Set("aac", "mp3", "ac3", "eac3", "opus", "flac", "alac")),
        ["mkv"] = (null, null),
        ["mp3"] = (Set(), Set("mp3")),
        ["m4a"] = (Set(), Set("aac", "alac")),
        ["ogg"] = (Set(), Set("opus", "flac", "vorbis")),
        ["flac"] = (Set(), Set("flac")),
    };

    public static bool CanMux(string container, StreamKind kind, string codec)
    {
        if (!Muxable.TryGetValue(container, out var m)) return false;
        var set = kind == StreamKind.Video ? m.Video : m.Audio;
        return set is null || set.Contains(codec);
    }

    public static bool CanEncode(string container, StreamKind kind, string codec) =>
        (kind == StreamKind.Video ? VideoEncoders : AudioEncoders).Contains(codec) && CanMux(container, kind, codec);

    /// <summary>The most channels an encoder writes (mp3 is stereo, ac3 is 5.1).</summary>
    public static int MaxChannels(string audioCodec) => audioCodec switch
    {
        "mp3" => 2,
        "ac3" => 6,
        _ => 8,
    };

    /// <summary>The embedded text-subtitle codec for a container, or null when it cannot carry one.</summary>
    public static string? TextSubtitleCodecFor(string container) => container switch
    {
        "mp4" => "mov_text",
        "mkv" => "srt",
        _ => null,
    };

    private static IReadOnlySet<string> Set(params string[] items) => new HashSet<string>(items, StringComparer.Ordinal);
}
