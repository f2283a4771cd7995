using PlexQueueServer.Decisions;
using static PlexQueueServer.Tests.Decisions.DecisionFixtures;

namespace PlexQueueServer.Tests.Decisions;

public class ConversionDecisionTests
{
    private const string Extra = "X-Plex-Client-Profile-Extra";
    private const string MkvHevc = "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=hevc,h264&audioCodec=aac,ac3&replace=true)";

    [Fact]
    public void Conversion_codes_and_texts()
    {
        var d = Decide(Movie("mkv", "hevc", "aac"));
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal("mp4", d.Container);
        Assert.Equal((1001, "Direct play not available; Conversion OK."), (d.Codes.GeneralCode, d.Codes.GeneralText));
        Assert.Equal((1001, "Direct play not available; Conversion OK."), (d.Codes.TranscodeCode, d.Codes.TranscodeText));
        Assert.Equal(3000, d.Codes.DirectPlayCode);
        Assert.StartsWith(DecisionCodeTexts.DirectPlayPrefix, d.Codes.DirectPlayText);
        Assert.Equal(("transcode", "h264"), (d.Video!.Decision.ToPlex(), d.Video.Codec));
        Assert.Equal(("copy", "aac"), (d.Audio!.Decision.ToPlex(), d.Audio.Codec));
    }

    [Fact]
    public void Same_codecs_in_another_container_is_a_remux()
    {
        var d = Decide(Movie("mkv", "h264", "aac"));
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal("mp4", d.Container);
        Assert.All(d.Streams, s => Assert.Equal("copy", s.Decision.ToPlex()));
        Assert.Equal((1920, 1080), (d.Video!.Width, d.Video.Height));
    }

    public static TheoryData<MediaFacts, string, int, string> Impossible => new()
    {
        { Movie("mkv", "hevc", "aac"), "add-transcode-target(type=videoProfile&protocol=hls&container=mp4&videoCodec=h264&audioCodec=aac&replace=true)",
            4005, "Cannot convert this item. No conversion profile found for protocol http." },
        { Track("flac", "flac", 900), "add-transcode-target(type=musicProfile&protocol=dash&container=mp3&audioCodec=mp3&replace=true)",
            4005, "Cannot convert this item. No conversion profile found for protocol http." },
        { Movie("mkv", "hevc", "aac"), "add-transcode-target(type=videoProfile&container=mkv&videoCodec=vp9&audioCodec=aac&replace=true)",
            4007, "Cannot convert this item. Implementation for video encoder 'vp9' not found." },
        { Movie("mkv", "hevc", "dts"), "add-transcode-target(type=videoProfile&container=mkv&videoCodec=hevc&audioCodec=vorbis&replace=true)",
            4007, "Cannot convert this item. Implementation for audio encoder 'vorbis' not found." },
        { Track("flac", "flac", 900), "add-transcode-target(type=musicProfile&container=mp3&audioCodec=aac&replace=true)",
            4007, "Cannot convert this item. Implementation for audio encoder 'aac' not found." },
        { Movie("mkv", "hevc", "aac"), "add-transcode-target(type=videoProfile&container=avi&videoCodec=h264&audioCodec=aac&replace=true)",
            4007, "Cannot convert this item. Implementation for muxer 'avi' not found." },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void Neither_direct_play_nor_conversion(MediaFacts source, string extra, int code, string text)
    {
        var d = Decide(source, Extra, extra);
        Assert.Equal(PlaybackMethod.None, d.Method);
        Assert.Equal((2000, "Neither direct play nor conversion is available."), (d.Codes.GeneralCode, d.Codes.GeneralText));
        Assert.Equal((code, text), (d.Codes.TranscodeCode, d.Codes.TranscodeText));
        Assert.Equal(3000, d.Codes.DirectPlayCode);
        Assert.Equal(source.Streams.Count, d.Streams.Count);
        Assert.All(d.Streams, s => Assert.Equal("ignore", s.Decision.ToPlex()));
    }

    [Fact]
    public void Copy_is_used_when_the_target_lists_the_source_codec()
    {
        var d = Decide(Movie("mp4", "hevc", "ac3"), Extra, MkvHevc);
        Assert.Equal("mkv", d.Container);
        Assert.Equal(("copy", "hevc"), (d.Video!.Decision.ToPlex(), d.Video.Codec));
        Assert.Equal(("copy", "ac3"), (d.Audio!.Decision.ToPlex(), d.Audio.Codec));
    }

    [Fact]
    public void A_codec_the_target_lists_but_we_cannot_encode_is_skipped()
    {
        var d = Decide(Movie("avi", "mpeg4", "mp3"), Extra,
            "add-transcode-target(type=videoProfile&container=mkv&videoCodec=vp9,hevc&audioCodec=vorbis,opus&replace=true)");
        Assert.Equal(("transcode", "hevc"), (d.Video!.Decision.ToPlex(), d.Video.Codec));
        Assert.Equal(("transcode", "opus"), (d.Audio!.Decision.ToPlex(), d.Audio.Codec));
    }

    [Fact]
    public void Http_target_is_chosen_over_earlier_hls_one()
    {
        var d = Decide(Movie("mkv", "hevc", "aac"), Extra,
            "add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mkv&videoCodec=hevc&audioCodec=aac)");
        Assert.Equal("mp4", d.Container);
        Assert.Equal("h264", d.Video!.Codec);
    }

    [Fact]
    public void DirectStream_off_transcodes_a_compatible_video()
    {
        var d = Decide(Movie("mkv", "h264", "aac"), "directStream", "0");
        Assert.Equal(("transcode", "h264"), (d.Video!.Decision.ToPlex(), d.Video.Codec));
        Assert.Equal("copy", d.Audio!.Decision.ToPlex());
    }

    [Theory]
    [InlineData(8000, "4000", "transcode", 4000)]
    [InlineData(3000, "4000", "copy", 3000)]
    public void Video_bitrate_cap_decides_copy(int sourceKbps, string cap, string decision, int expectedKbps)
    {
        var d = Decide(Movie("mkv", sourceKbps + 128, Video(kbps: sourceKbps), Audio()), "maxVideoBitrate", cap);
        Assert.Equal((decision, expectedKbps), (d.Video!.Decision.ToPlex(), d.Video.BitrateKbps));
        Assert.Equal(4000, d.Codes.AvailableBandwidth);
    }

    [Fact]
    public void Without_a_cap_the_transcode_is_quality_based()
    {
        var d = Decide(Movie("mkv", "hevc", "aac"), "videoQuality", "80");
        Assert.Null(d.Video!.BitrateKbps);
        Assert.Null(d.Codes.AvailableBandwidth);
    }

    [Theory]
    [InlineData(1920, 1080, "1280x720", 1280, 720)]
    [InlineData(1920, 800, "1280x720", 1280, 534)]
    [InlineData(720, 1280, "1280x720", 406, 720)]
    [InlineData(640, 360, "1280x720", 640, 360)]
    [InlineData(3840, 2160, "1920x1080", 1920, 1080)]
    public void Resolution_cap_scales_the_video(int w, int h, string cap, int ew, int eh)
    {
        var d = Decide(Movie("mkv", 3000, Video("hevc", w, h), Audio()), "videoResolution", cap);
        Assert.Equal(("transcode", ew, eh), (d.Video!.Decision.ToPlex(), d.Video.Width, d.Video.Height));
    }

    [Fact]
    public void Resolution_above_the_cap_forces_transcode_of_a_copyable_codec()
    {
        var d = Decide(Movie("mkv", "h264", "aac"), "videoResolution", "1280x720");
        Assert.Equal(("transcode", 1280, 720), (d.Video!.Decision.ToPlex(), d.Video.Width, d.Video.Height));
    }

    [Fact]
    public void Hdr_video_is_tone_mapped_when_transcoded()
    {
        var d = Decide(Movie("mkv", 20000, Video("hevc", 3840, 2160, hdr: true), Audio("eac3", 6)));
        Assert.True(d.Video!.ToneMap);
    }

    [Theory]
    [InlineData("aac", 6, "2", "copy", "aac", 6, null)]          // no channel cap: copy
    [InlineData("aac", 6, "audioChannelCount=2", "transcode", "aac", 2, 128)]
    [InlineData("dts", 6, "", "transcode", "aac", 6, 384)]
    [InlineData("truehd", 8, "audioChannelCount=6", "transcode", "aac", 6, 384)]
    [InlineData("aac", 2, "directStreamAudio=0", "transcode", "aac", 2, 128)]
    [InlineData("aac", 1, "audioChannelCount=2", "copy", "aac", 1, null)]
    public void Audio_copy_or_downmix(string codec, int channels, string parameter, string decision, string outCodec, int outChannels, int? kbps)
    {
        var pairs = parameter.Contains('=') ? parameter.Split('=') : [];
        var d = Decide(Movie("mkv", 3000, Video("hevc"), Audio(codec, channels)), pairs);
        Assert.Equal((decision, outCodec, outChannels), (d.Audio!.Decision.ToPlex(), d.Audio.Codec, d.Audio.Channels));
        if (decision == "transcode") Assert.Equal(kbps, d.Audio.BitrateKbps);
    }

    [Fact]
    public void Audio_boost_forces_audio_transcode_and_is_passed_through()
    {
        var d = Decide(Movie("mkv", "h264", "aac"), "audioBoost", "150");
        Assert.Equal(("transcode", 150), (d.Audio!.Decision.ToPlex(), d.Audio.AudioBoost));
        Assert.Equal("copy", d.Video!.Decision.ToPlex());
    }

    [Fact]
    public void Only_the_default_audio_stream_is_used()
    {
        var source = Movie("mkv", 3000, Video("hevc"), Audio("ac3", 6, index: 1), Audio("aac", 2, index: 2, isDefault: true), Audio("dts", 6, index: 3));
        var d = DecisionEngine.Decide(source, Request());
        Assert.Equal("ignore", StreamAt(d, 1).Decision.ToPlex());
        Assert.Equal("copy", StreamAt(d, 2).Decision.ToPlex());
        Assert.Equal("ignore", StreamAt(d, 3).Decision.ToPlex());
        Assert.Equal(2, d.Audio!.SourceIndex);
    }

    [Theory]
    [InlineData("flac", 900, 2, "", "mp3", 2, 320)]
    [InlineData("flac", 900, 6, "", "mp3", 2, 320)]
    [InlineData("flac", 900, 2, "192", "mp3", 2, 192)]
    [InlineData("mp3", 320, 2, "128", "mp3", 2, 128)]
    [InlineData("alac", 700, 2, "500", "mp3", 2, 320)]
    public void Music_is_converted_to_mp3_under_the_ceiling(string codec, int kbps, int channels, string cap, string outCodec, int outChannels, int outKbps)
    {
        var d = Decide(Track(codec == "mp3" ? "mp3" : "flac", codec, kbps, channels), cap.Length > 0 ? ["musicBitrate", cap] : []);
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal("mp3", d.Container);
        Assert.Equal(("transcode", outCodec, outChannels, outKbps), (d.Audio!.Decision.ToPlex(), d.Audio.Codec, d.Audio.Channels, d.Audio.BitrateKbps));
        Assert.Null(d.Video);
    }

    [Fact]
    public void Music_target_from_the_client_is_used()
    {
        var d = Decide(Track("flac", "flac", 900), Extra, "add-transcode-target(type=musicProfile&context=static&protocol=http&container=m4a&audioCodec=aac)", "musicBitrate", "96");
        Assert.Equal("m4a", d.Container);
        Assert.Equal(("aac", 96), (d.Audio!.Codec, d.Audio.BitrateKbps));
        Assert.Equal(96, d.Codes.AvailableBandwidth);
    }

    [Fact]
    public void Flac_target_keeps_lossless_without_a_rate()
    {
        var d = Decide(Track("wav", "pcm_s16le", 1411), Extra, "add-transcode-target(type=musicProfile&container=flac&audioCodec=flac)");
        Assert.Equal(("flac", "flac"), (d.Container, d.Audio!.Codec));
        Assert.Null(d.Audio.BitrateKbps);
    }

    [Theory]
    [InlineData(false, false, 2)]
    [InlineData(true, false, 2)]
    [InlineData(false, true, 3)]
    public void Burn_uses_the_forced_or_default_or_first_subtitle(bool firstDefault, bool secondForced, int burned)
    {
        var source = Movie("mp4", 3000, Video(), Audio(), Subtitle("pgs", 2, isDefault: firstDefault), Subtitle("srt", 3, forced: secondForced));
        var d = Decide(source, "subtitles", "burn");
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal("transcode", d.Video!.Decision.ToPlex());
        Assert.Equal(("burn", "embedded"), (StreamAt(d, burned).Decision.ToPlex(), StreamAt(d, burned).Location));
        Assert.Equal("ignore", StreamAt(d, burned == 2 ? 3 : 2).Decision.ToPlex());
    }

    [Theory]
    [InlineData("auto", "srt", "mp4", "transcode", "mov_text")]
    [InlineData("embedded", "subrip", "mp4", "transcode", "mov_text")]
    [InlineData("embedded", "mov_text", "mp4", "copy", "mov_text")]
    [InlineData("embedded", "ass", "mkv", "transcode", "srt")]
    [InlineData("none", "srt", "mp4", "ignore", "srt")]
    [InlineData("sidecar", "srt", "mp4", "ignore", "srt")]
    [InlineData("auto", "pgs", "mp4", "ignore", "pgs")]
    public void Text_subtitles_are_embedded(string mode, string codec, string container, string decision, string outCodec)
    {
        var extra = container == "mkv" ? MkvHevc : "add-settings(x=y)";
        var d = Decide(Movie("mkv", 3000, Video("hevc"), Audio(), Subtitle(codec, 2)), "subtitles", mode, Extra, extra);
        var sub = StreamAt(d, 2);
        Assert.Equal((decision, outCodec), (sub.Decision.ToPlex(), sub.Codec));
        if (decision != "ignore") Assert.Equal("embedded", sub.Location);
    }

    [Fact]
    public void Video_limitation_forces_transcode_of_a_copyable_codec()
    {
        var d = Decide(Movie("mp4", 3000, Video(level: 52), Audio()), Extra,
            "add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=41)");
        Assert.Equal("transcode", d.Video!.Decision.ToPlex());
        Assert.EndsWith("The video.level 52 does not meet the limitation upperBound 41 for video codec h264.", d.Codes.DirectPlayText);
    }

    [Fact]
    public void Every_source_stream_appears_exactly_once()
    {
        var source = Movie("mkv", 3000, Video("hevc"), Audio("aac", 2, index: 1), Audio("ac3", 6, index: 2), Subtitle("srt", 3), Subtitle("pgs", 4));
        var d = DecisionEngine.Decide(source, Request("subtitles", "burn"));
        Assert.Equal([0, 1, 2, 3, 4], d.Streams.Select(s => s.SourceIndex).Order());
    }

    [Fact]
    public void Audio_limitation_forces_audio_transcode()
    {
        var d = Decide(Movie("mkv", 3000, Video(), Audio("aac", 6)), Extra,
            "add-limitation(scope=videoAudioCodec&scopeName=aac&type=upperBound&name=audio.channels&value=2)");
        Assert.Equal("copy", d.Video!.Decision.ToPlex());
        Assert.Equal(("transcode", "aac", 2), (d.Audio!.Decision.ToPlex(), d.Audio.Codec, d.Audio.Channels));
    }

    [Fact]
    public void Video_without_audio_converts()
    {
        var d = Decide(Movie("avi", 3000, Video("mpeg4", 640, 480)));
        Assert.Equal(PlaybackMethod.Convert, d.Method);
        Assert.Equal(("transcode", "h264", 640, 480), (d.Video!.Decision.ToPlex(), d.Video.Codec, d.Video.Width, d.Video.Height));
        Assert.Null(d.Audio);
    }

    [Fact]
    public void Width_limitation_on_the_output_codec_also_scales()
    {
        var d = Decide(Movie("mkv", "hevc", "aac"), Extra,
            "add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.width&value=1280)");
        Assert.Equal(("transcode", 1280, 720), (d.Video!.Decision.ToPlex(), d.Video.Width, d.Video.Height));
    }
}
