using PlexQueueServer.Conversion;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Conversion;

public class ConversionArgumentsTests
{
    private static StreamPlan Video(string decision, string codec = "h264", int? width = null, int? height = null, int? kbps = null, bool toneMap = false) =>
        new() { SourceIndex = 0, Kind = StreamKind.Video, SourceCodec = "hevc", Decision = Enum.Parse<StreamDecision>(decision, ignoreCase: true), Codec = codec, Width = width, Height = height, BitrateKbps = kbps, ToneMap = toneMap };

    private static StreamPlan Audio(string decision, string codec = "aac", int? channels = null, int? kbps = null, int? boost = null, int index = 1) =>
        new() { SourceIndex = index, Kind = StreamKind.Audio, SourceCodec = "ac3", Decision = Enum.Parse<StreamDecision>(decision, ignoreCase: true), Codec = codec, Channels = channels, BitrateKbps = kbps, AudioBoost = boost };

    private static PlaybackDecision Plan(string container, params StreamPlan[] streams) => new()
    {
        Codes = new DecisionCodes { GeneralCode = 1001, GeneralText = "" },
        Method = PlaybackMethod.Convert,
        Container = container,
        Streams = streams,
    };

    private static string Args(PlaybackDecision plan, string preset = "veryfast") =>
        ConversionArguments.Build("/tmp/job/input.mkv", "/tmp/job/output.mp4", plan, preset).Arguments;

    [Fact]
    public void Remux_copies_both_streams_maps_only_selected_ones_and_adds_faststart_for_mp4()
    {
        var args = Args(Plan("mp4", Video("copy"), Audio("copy"), Audio("ignore", index: 2)));
        Assert.Contains("-map 0:0 -map 0:1 ", args);
        Assert.DoesNotContain("0:2", args);
        Assert.Contains("-c:v copy", args);
        Assert.Contains("-c:a copy", args);
        Assert.Contains("-movflags faststart", args);
        Assert.DoesNotContain("libx264", args);
    }

    [Fact]
    public void Video_conversion_scales_caps_bitrate_and_uses_the_whitelisted_preset()
    {
        var args = Args(Plan("mp4", Video("transcode", width: 1280, height: 720, kbps: 2000), Audio("transcode", channels: 2, kbps: 128)), "ultrafast");
        Assert.Contains("-c:v libx264", args);
        Assert.Contains("-preset ultrafast", args);
        Assert.Contains("-b:v 1900k -maxrate 2000k -bufsize 2000k", args);
        Assert.Contains("scale=1280:720", args);
        Assert.Contains("-c:a aac -b:a 128k -ac 2", args);
    }

    [Fact]
    public void Without_a_bitrate_cap_quality_is_constant_and_an_unknown_preset_falls_back()
    {
        var args = Args(Plan("mkv", Video("transcode", codec: "hevc"), Audio("copy")), "-vf evil");
        Assert.Contains("-c:v libx265", args);
        Assert.Contains("-crf 28", args);
        Assert.Contains("-preset veryfast", args);
        Assert.DoesNotContain("evil", args);
        Assert.DoesNotContain("faststart", args);
    }

    [Fact]
    public void Audio_boost_and_downmix_become_filters_and_hdr_is_tone_mapped()
    {
        var args = Args(Plan("mp4", Video("transcode", toneMap: true, width: 640, height: 360), Audio("transcode", channels: 1, boost: 150)));
        Assert.Contains("volume=1.5", args);
        Assert.Contains("-ac 1", args);
        Assert.Contains("tonemap=tonemap=hable", args);
        Assert.True(args.IndexOf("tonemap", StringComparison.Ordinal) < args.IndexOf("scale=640:360", StringComparison.Ordinal));
    }

    [Fact]
    public void Music_conversion_maps_only_the_audio()
    {
        var plan = Plan("mp3", new StreamPlan { SourceIndex = 0, Kind = StreamKind.Audio, SourceCodec = "flac", Decision = StreamDecision.Transcode, Codec = "mp3", Channels = 2, BitrateKbps = 192 });
        var args = Args(plan);
        Assert.Contains("-map 0:0 ", args);
        Assert.Contains("-c:a libmp3lame -b:a 192k", args);
        Assert.DoesNotContain("-c:v", args);
    }

    [Theory]
    [InlineData("vp9", StreamKind.Video)]
    [InlineData("dts", StreamKind.Audio)]
    [InlineData("h264 -f null", StreamKind.Video)]
    public void Codecs_outside_the_whitelist_cannot_be_encoded(string codec, StreamKind kind)
    {
        var stream = new StreamPlan { SourceIndex = 0, Kind = kind, SourceCodec = "x", Decision = StreamDecision.Transcode, Codec = codec };
        Assert.False(ConversionArguments.CanEncode(Plan("mp4", stream), out var reason));
        Assert.Contains(codec, reason);
    }

    [Fact]
    public void Unknown_containers_cannot_be_encoded()
    {
        Assert.False(ConversionArguments.CanEncode(Plan("exe", Video("copy")), out var reason));
        Assert.Contains("container", reason);
        Assert.True(ConversionArguments.CanEncode(Plan("mkv", Video("copy"), Audio("transcode", codec: "opus")), out _));
    }
}
