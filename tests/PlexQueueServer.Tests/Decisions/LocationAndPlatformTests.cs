using PlexQueueServer.Decisions;
using static PlexQueueServer.Tests.Decisions.DecisionFixtures;

namespace PlexQueueServer.Tests.Decisions;

public class LocationAndPlatformTests
{
    [Theory]
    [InlineData("wan", DecisionRequest.WanDefaultKbps)]
    [InlineData("cellular", DecisionRequest.CellularDefaultKbps)]
    public void A_remote_location_without_a_bitrate_caps_the_video_at_its_default(string location, int cap)
    {
        var d = Decide(Movie(kbps: 6000, streams: [Video(kbps: 5800), Audio(kbps: 128)]), "location", location);
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Contains($"only {cap}kbps", d.Codes.DirectPlayText);
        Assert.Equal("transcode", StreamAt(d, 0).Decision.ToPlex());
        Assert.Equal(cap, StreamAt(d, 0).BitrateKbps);
        Assert.Equal(cap, d.Codes.AvailableBandwidth);
    }

    [Fact]
    public void Lan_has_no_default_cap()
    {
        var d = Decide(Movie(kbps: 20_000), "location", "lan");
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
        Assert.Null(d.Codes.AvailableBandwidth);
    }

    [Fact]
    public void An_explicit_bitrate_wins_over_the_location_default()
    {
        var request = Request("location", "cellular", "maxVideoBitrate", "8000");
        Assert.Equal(8000, request.VideoBitrateCapKbps);
        Assert.Equal(PlaybackMethod.DirectPlay, DecisionEngine.Decide(Movie(kbps: 6000), request).Method);
    }

    private static MediaFacts Webm => Movie("webm", 1500, Video("vp9"), Audio("opus"));

    [Theory]
    [InlineData("Chrome")]
    [InlineData("firefox")]
    public void Browsers_without_a_profile_direct_play_webm(string platform) =>
        Assert.Equal(PlaybackMethod.DirectPlay, Decide(Webm, "X-Plex-Platform", platform).Method);

    [Theory]
    [InlineData("iOS")]
    [InlineData("Android")]
    [InlineData(null)]
    public void Other_platforms_get_the_generic_profile_and_convert_webm(string? platform)
    {
        var d = platform is null ? Decide(Webm) : Decide(Webm, "X-Plex-Platform", platform);
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal("mp4", d.Container);
    }

    [Fact]
    public void A_named_profile_ignores_the_platform_defaults() =>
        Assert.Equal(PlaybackMethod.Convert,
            Decide(Webm, "X-Plex-Platform", "Chrome", "X-Plex-Client-Profile-Name", "Generic").Method);

    [Fact]
    public void Profile_directives_edit_the_platform_defaults()
    {
        var d = Decide(Webm, "X-Plex-Platform", "Chrome",
            "X-Plex-Client-Profile-Extra", "add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=h264&audioCodec=aac)");
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
    }
}
