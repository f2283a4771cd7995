using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Decisions;

/// <summary>Hand-made media and requests for the decision tests.</summary>
internal static class DecisionFixtures
{
    public static StreamFacts Video(string codec = "h264", int width = 1920, int height = 1080, int? kbps = null,
        bool hdr = false, int index = 0, int? level = null, int? bitDepth = null, string? profile = null) => new()
    {
        Index = index, Kind = StreamKind.Video, Codec = codec, Width = width, Height = height, BitrateKbps = kbps,
        Hdr = hdr, Level = level, BitDepth = bitDepth, Profile = profile, FrameRate = 23.976,
    };

    public static StreamFacts Audio(string codec = "aac", int channels = 2, int? kbps = null, int index = 1, bool isDefault = false) => new()
    {
        Index = index, Kind = StreamKind.Audio, Codec = codec, Channels = channels, BitrateKbps = kbps, Default = isDefault, SamplingRate = 48000,
    };

    public static StreamFacts Subtitle(string codec = "srt", int index = 2, bool isDefault = false, bool forced = false) => new()
    {
        Index = index, Kind = StreamKind.Subtitle, Codec = codec, Default = isDefault, Forced = forced,
    };

    public static MediaFacts Movie(string container = "mp4", int? kbps = 3000, params StreamFacts[] streams) => new()
    {
        Container = container, BitrateKbps = kbps, DurationMs = 60_000,
        Streams = streams.Length > 0 ? streams : [Video(), Audio()],
    };

    public static MediaFacts Movie(string container, string videoCodec, string audioCodec, int? kbps = 3000, int channels = 2) =>
        Movie(container, kbps, Video(videoCodec), Audio(audioCodec, channels));

    public static MediaFacts Track(string container = "mp3", string codec = "mp3", int kbps = 320, int channels = 2) => new()
    {
        Container = container, BitrateKbps = kbps, DurationMs = 200_000,
        Streams = [Audio(codec, channels, kbps, index: 0)],
    };

    public static Dictionary<string, string> Map(params string[] pairs)
    {
        var map = new Dictionary<string, string>();
        for (var i = 0; i + 1 < pairs.Length; i += 2) map[pairs[i]] = pairs[i + 1];
        return map;
    }

    /// <summary>A parsed request; the test fails if the parameters do not parse.</summary>
    public static DecisionRequest Request(params string[] pairs)
    {
        var ok = DecisionRequestParser.TryParse(Map(pairs), out var request, out var error);
        Assert.True(ok, error);
        return request;
    }

    public static PlaybackDecision Decide(MediaFacts source, params string[] pairs) => DecisionEngine.Decide(source, Request(pairs));

    public static StreamPlan StreamAt(PlaybackDecision d, int sourceIndex) => Assert.Single(d.Streams, s => s.SourceIndex == sourceIndex);
}
