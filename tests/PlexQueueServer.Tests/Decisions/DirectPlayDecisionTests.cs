using PlexQueueServer.Decisions;
using static PlexQueueServer.Tests.Decisions.DecisionFixtures;

namespace PlexQueueServer.Tests.Decisions;

public class DirectPlayDecisionTests
{
    private const string Prefix = DecisionCodeTexts.DirectPlayPrefix;
    private const string Limit = "X-Plex-Client-Profile-Extra";

    [Theory]
    [InlineData("mp4")]
    [InlineData("m4v")]
    [InlineData("mov")]
    public void Generic_profile_direct_plays_h264_aac(string container)
    {
        var source = Movie(container, 3000, Video(), Audio(), Subtitle("mov_text"));
        var d = DecisionEngine.Decide(source, Request());
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
        Assert.Equal(container, d.Container);
        Assert.Equal((1000, "Direct play OK.", 1000, "Direct play OK."), (d.Codes.GeneralCode, d.Codes.GeneralText, d.Codes.DirectPlayCode, d.Codes.DirectPlayText));
        Assert.Null(d.Codes.TranscodeCode);
        Assert.Null(d.Codes.TranscodeText);
        Assert.Equal(3, d.Streams.Count);
        Assert.All(d.Streams, s => Assert.Equal(("copy", "direct"), (s.Decision.ToPlex(), s.Location)));
    }

    [Theory]
    [InlineData("mp3", "mp3", 320)]
    [InlineData("m4a", "aac", 256)]
    [InlineData("mp4", "aac", 256)]
    public void Generic_profile_direct_plays_music(string container, string codec, int kbps)
    {
        var d = DecisionEngine.Decide(Track(container, codec, kbps), Request("musicBitrate", "320"));
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
        Assert.Equal(320, d.Codes.AvailableBandwidth);
        Assert.Equal("copy", Assert.Single(d.Streams).Decision.ToPlex());
    }

    public static TheoryData<MediaFacts, string[], string> Refusals => new()
    {
        { Movie(), ["directPlay", "0"], "Direct play is disabled." },
        { Movie("mkv", "hevc", "aac"), [], "No direct play video profile exists for protocol http, with container mkv, and video codec hevc." },
        { Movie("mp4", "hevc", "aac"), [], "No direct play video profile exists for protocol http, with container mp4, and video codec hevc." },
        { Movie("mp4", "h264", "dts"), [], "No direct play video profile exists for protocol http, with container mp4, video codec h264, and audio codec dts." },
        { Track("flac", "flac", 900), [], "No direct play music profile exists for protocol http, with container flac, and audio codec flac." },
        { Track("mp4", "mp3", 320), [], "No direct play music profile exists for protocol http, with container mp4, and audio codec mp3." },
        { Movie("mp4", 3210, Video(), Audio()), ["videoBitrate", "2000"], "Direct play requires 3210kbps and only 2000kbps is available." },
        { Movie("mp4", 3210, Video(), Audio()), ["maxVideoBitrate", "3209"], "Direct play requires 3210kbps and only 3209kbps is available." },
        { Movie("mp4", 3210, Video(), Audio()), ["peakBitrate", "3000"], "Direct play requires 3210kbps and only 3000kbps is available." },
        { Track("mp3", "mp3", 321), ["musicBitrate", "320"], "Direct play requires 321kbps and only 320kbps is available." },
        { Movie(), ["videoResolution", "1280x720"], "The video resolution 1920x1080 exceeds the maximum 1280x720." },
        { Movie("mp4", "h264", "aac", channels: 6), ["audioChannelCount", "2"], "The audio channel count 6 exceeds the maximum 2." },
        { Movie(), ["audioBoost", "200"], "App requested an audio boost and conversion of audio is required to apply it." },
        { Movie("mp4", 3000, Video(), Audio(), Subtitle("pgs")), ["subtitles", "burn"], "App requested burned subtitles and conversion of video is required to burn subtitles." },
        {
            Movie("mp4", 3000, Video(level: 51), Audio()),
            [Limit, "add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=41)"],
            "The video.level 51 does not meet the limitation upperBound 41 for video codec h264."
        },
        {
            Movie("mp4", 3000, Video(bitDepth: 10), Audio()),
            [Limit, "add-limitation(scope=videoCodec&scopeName=*&type=upperBound&name=video.bitDepth&value=8)"],
            "The video.bitDepth 10 does not meet the limitation upperBound 8 for video codec *."
        },
        {
            Movie("mp4", 3000, Video(width: 640, height: 360), Audio()),
            [Limit, "add-limitation(scope=videoCodec&scopeName=h264&type=lowerBound&name=video.width&value=720)"],
            "The video.width 640 does not meet the limitation lowerBound 720 for video codec h264."
        },
        {
            Movie("mp4", 3000, Video(profile: "High 10"), Audio()),
            [Limit, "add-limitation(scope=videoCodec&scopeName=h264&type=match&name=video.profile&list=high|main|baseline)"],
            "The video.profile high 10 does not meet the limitation match high|main|baseline for video codec h264."
        },
        {
            Movie("mp4", 3000, Video(), Audio(channels: 6)),
            [Limit, "add-limitation(scope=videoAudioCodec&scopeName=aac&type=notMatch&name=audio.channels&value=6)"],
            "The audio.channels 6 does not meet the limitation notMatch 6 for audio codec aac."
        },
        {
            Track("mp3", "mp3", 320),
            [Limit, "add-limitation(scope=audioCodec&scopeName=mp3&type=upperBound&name=audio.bitrate&value=192)"],
            "The audio.bitrate 320 does not meet the limitation upperBound 192 for audio codec mp3."
        },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Refusal_names_the_failing_rule(MediaFacts source, string[] parameters, string reason)
    {
        var d = Decide(source, parameters);
        Assert.NotEqual(PlaybackMethod.DirectPlay, d.Method);
        Assert.Equal(3000, d.Codes.DirectPlayCode);
        Assert.Equal(Prefix + reason, d.Codes.DirectPlayText);
    }

    [Theory]
    [InlineData("add-limitation(scope=videoCodec&scopeName=hevc&type=upperBound&name=video.level&value=41)")] // other codec
    [InlineData("add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=51)")] // within bound
    [InlineData("add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=41&isRequired=false)")] // optional
    [InlineData("add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.bitDepth&value=8)")] // fact unknown
    [InlineData("add-limitation(scope=videoCodec&scopeName=h264&type=match&name=video.frameRate&list=23.976,25)")]
    public void Limitations_that_do_not_apply_or_hold_keep_direct_play(string extra)
    {
        var d = Decide(Movie("mp4", 3000, Video(level: 51), Audio()), Limit, extra);
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
    }

    [Fact]
    public void Caps_at_the_source_values_keep_direct_play()
    {
        var d = Decide(Movie(), "videoBitrate", "3000", "videoResolution", "1920x1080", "audioChannelCount", "2", "audioBoost", "100");
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
        Assert.Equal(3000, d.Codes.AvailableBandwidth);
    }

    [Theory]
    [InlineData("add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=hevc&audioCodec=*)", "mkv", "hevc", "eac3")]
    [InlineData("add-direct-play-profile(type=videoProfile&container=*&videoCodec=*&audioCodec=*)", "avi", "mpeg4", "mp3")]
    [InlineData("add-direct-play-profile(type=videoProfile&container=mkv)", "mkv", "vp9", "opus")]
    public void Client_direct_play_profiles_and_wildcards(string extra, string container, string video, string audio)
    {
        var d = Decide(Movie(container, video, audio), Limit, extra);
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
        Assert.Equal(container, d.Container);
    }

    [Fact]
    public void Replacing_direct_play_profiles_removes_the_builtin_mp4()
    {
        var d = Decide(Movie(), Limit, "add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=h264&audioCodec=aac&replace=true)");
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal(Prefix + "No direct play video profile exists for protocol http, with container mp4, and video codec h264.", d.Codes.DirectPlayText);
    }

    [Fact]
    public void Subtitles_none_with_a_subtitle_stream_keeps_direct_play()
    {
        var d = Decide(Movie("mp4", 3000, Video(), Audio(), Subtitle("pgs")), "subtitles", "none");
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
    }

    [Fact]
    public void Burn_without_a_subtitle_stream_keeps_direct_play()
    {
        var d = Decide(Movie(), "subtitles", "burn");
        Assert.Equal(PlaybackMethod.DirectPlay, d.Method);
    }
}
