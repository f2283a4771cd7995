using PlexQueueServer.Conversion;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Conversion;

public class SubtitleArgumentsTests
{
    private static StreamPlan Stream(int index, StreamKind kind, string decision, string codec, string? location = null) => new()
    {
        SourceIndex = index, Kind = kind, SourceCodec = codec, Decision = Enum.Parse<StreamDecision>(decision, ignoreCase: true), Codec = codec, Location = location ?? "direct",
    };

    private static PlaybackDecision Plan(string container, params StreamPlan[] streams) => new()
    {
        Codes = new DecisionCodes { GeneralCode = 1001, GeneralText = "" },
        Method = PlaybackMethod.Convert,
        Container = container,
        Streams = streams,
    };

    [Fact]
    public void Burning_uses_the_subtitles_filter_on_our_input_with_the_subtitle_relative_index_and_maps_no_subtitle()
    {
        var plan = Plan("mp4",
            Stream(0, StreamKind.Video, "transcode", "h264"), Stream(1, StreamKind.Audio, "copy", "aac"),
            Stream(2, StreamKind.Subtitle, "ignore", "srt"), Stream(3, StreamKind.Subtitle, "burn", "srt", "embedded"));
        var args = ConversionArguments.Build("/data/tmp/7-1/input.mkv", "/data/tmp/7-1/output.mp4", plan, "ultrafast").Arguments;
        Assert.Contains("subtitles=filename=/data/tmp/7-1/input.mkv:si=1", args);
        Assert.DoesNotContain("0:2", args);
        Assert.DoesNotContain("0:3", args);
        Assert.DoesNotContain("-c:s", args);
        Assert.Contains("-c:v libx264", args);
    }

    [Fact]
    public void Burning_comes_before_scaling_so_the_text_scales_with_the_picture()
    {
        var video = Stream(0, StreamKind.Video, "transcode", "h264") with { Width = 160, Height = 120 };
        var args = ConversionArguments.Build("/j/input.mkv", "/j/output.mp4",
            Plan("mp4", video, Stream(1, StreamKind.Subtitle, "burn", "srt", "embedded")), "ultrafast").Arguments;
        Assert.True(args.IndexOf("subtitles=", StringComparison.Ordinal) < args.IndexOf("scale=160:120", StringComparison.Ordinal), args);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(100, null)]
    [InlineData(150, 24)]
    [InlineData(300, 48)]
    [InlineData(1, 1)]
    public void Subtitle_size_scales_the_burned_font(int? percent, int? points)
    {
        var plan = Plan("mp4", Stream(0, StreamKind.Video, "transcode", "h264"),
            Stream(1, StreamKind.Subtitle, "burn", "srt", "embedded") with { SubtitleSize = percent });
        var args = ConversionArguments.Build("/j/input.mkv", "/j/output.mp4", plan, "ultrafast").Arguments;
        if (points is null) Assert.DoesNotContain("force_style", args);
        else Assert.Contains(@":force_style=Fontsize\\=" + points, args);
    }

    [Theory]
    [InlineData("/data with space/input.mkv", "/data with space/input.mkv")]
    [InlineData("/a:b/input.mkv", @"/a\\:b/input.mkv")]
    [InlineData("/it's/input.mkv", @"/it\\\'s/input.mkv")]
    [InlineData("/x[1],y;z/input.mkv", @"/x\[1\]\,y\;z/input.mkv")]
    [InlineData(@"/back\slash/input.mkv", @"/back\\\\slash/input.mkv")]
    public void Paths_are_escaped_for_the_option_and_the_filtergraph(string path, string escaped) =>
        Assert.Equal(escaped, ConversionArguments.FilterGraphPath(path));

    [Fact]
    public void A_path_with_a_double_quote_is_refused() =>
        Assert.Throws<InvalidOperationException>(() => ConversionArguments.FilterGraphPath("/a\"b/input.mkv"));

    [Theory]
    [InlineData("mp4", "mov_text")]
    [InlineData("mkv", "srt")]
    public void An_embedded_text_track_is_mapped_and_encoded_for_the_container(string container, string codec)
    {
        var plan = Plan(container, Stream(0, StreamKind.Video, "copy", "h264"),
            Stream(2, StreamKind.Subtitle, "transcode", codec, "embedded") with { SourceCodec = "ass" });
        var args = ConversionArguments.Build("/j/input.mkv", "/j/output." + container, plan, "ultrafast").Arguments;
        Assert.Contains("-map 0:2", args);
        Assert.Contains("-c:s " + codec, args);
        Assert.DoesNotContain("subtitles=", args);
    }

    [Fact]
    public void Ignored_subtitles_are_not_mapped()
    {
        var plan = Plan("mp4", Stream(0, StreamKind.Video, "copy", "h264"), Stream(1, StreamKind.Subtitle, "ignore", "srt"));
        var args = ConversionArguments.Build("/j/input.mkv", "/j/output.mp4", plan, "ultrafast").Arguments;
        Assert.DoesNotContain("0:1", args);
        Assert.DoesNotContain("-c:s", args);
    }
}
