using PlexQueueServer.Decisions;
using static PlexQueueServer.Tests.Decisions.DecisionFixtures;

namespace PlexQueueServer.Tests.Decisions;

public class DecisionRequestParserTests
{
    [Fact]
    public void Empty_map_gives_defaults_and_the_generic_profile()
    {
        Assert.True(DecisionRequestParser.TryParse(Map(), out var r, out var error));
        Assert.Null(error);
        Assert.True(r.DirectPlay && r.DirectStream && r.DirectStreamAudio);
        Assert.Equal("auto", r.Subtitles);
        Assert.Equal("http", r.Protocol);
        Assert.Equal(-1, r.MediaIndex);
        Assert.Equal(-1, r.PartIndex);
        Assert.Equal(ClientProfileDefaults.Generic.TranscodeTargets, r.Profile.TranscodeTargets);
        Assert.Equal(ClientProfileDefaults.Generic.DirectPlayProfiles, r.Profile.DirectPlayProfiles);
    }

    [Theory]
    [InlineData("directPlay", "0", false)]
    [InlineData("directPlay", "1", true)]
    [InlineData("directPlay", "false", false)]
    [InlineData("DIRECTPLAY", "TRUE", true)]
    [InlineData("directStream", "0", false)]
    [InlineData("directStreamAudio", "false", false)]
    public void Booleans_parse(string name, string value, bool expected)
    {
        var r = Request(name, value);
        var actual = name.ToLowerInvariant() switch
        {
            "directplay" => r.DirectPlay,
            "directstream" => r.DirectStream,
            _ => r.DirectStreamAudio,
        };
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("1280x720", 1280, 720)]
    [InlineData("1280:720", 1280, 720)]
    [InlineData("1920X1080", 1920, 1080)]
    [InlineData("16384x1", 16384, 1)]
    public void Resolution_parses(string value, int width, int height)
    {
        var r = Request("videoResolution", value);
        Assert.Equal(width, r.MaxWidth);
        Assert.Equal(height, r.MaxHeight);
    }

    [Fact]
    public void Numbers_and_enums_parse()
    {
        var r = Request("videoBitrate", "2000", "maxVideoBitrate", "4000", "peakBitrate", "5000", "musicBitrate", "192",
            "videoQuality", "99", "audioChannelCount", "6", "audioBoost", "150", "subtitleSize", "100", "subtitles", "BURN",
            "advancedSubtitles", "text", "offset", "12.5", "mediaIndex", "0", "partIndex", "-1", "location", "WAN",
            "protocol", "hls", "X-Plex-Platform", "Android", "x-plex-client-profile-name", "Generic", "unknownThing", "%%%");
        Assert.Equal((2000, 4000, 5000, 192), (r.VideoBitrateKbps, r.MaxVideoBitrateKbps, r.PeakBitrateKbps, r.MusicBitrateKbps));
        Assert.Equal(2000, r.VideoBitrateCapKbps);
        Assert.Equal((99, 6, 150, 100), (r.VideoQuality, r.AudioChannelCount, r.AudioBoost, r.SubtitleSize));
        Assert.Equal(("burn", "text", "wan", "hls"), (r.Subtitles, r.AdvancedSubtitles, r.Location, r.Protocol));
        Assert.Equal(12.5, r.Offset);
        Assert.Equal((0, -1), (r.MediaIndex, r.PartIndex));
        Assert.Equal(("Android", "Generic"), (r.Platform, r.ProfileName));
    }

    [Theory]
    [InlineData(null, null, "1500", 1500)]
    [InlineData("3000", null, "1500", 1500)]
    [InlineData("1000", "4000", "1500", 1000)]
    public void Peak_bitrate_is_a_cap_like_the_others(string? videoBitrate, string? maxVideoBitrate, string peakBitrate, int cap)
    {
        var pairs = new List<string> { "peakBitrate", peakBitrate };
        if (videoBitrate is not null) pairs.AddRange(["videoBitrate", videoBitrate]);
        if (maxVideoBitrate is not null) pairs.AddRange(["maxVideoBitrate", maxVideoBitrate]);
        Assert.Equal(cap, Request([.. pairs]).VideoBitrateCapKbps);
    }

    [Theory]
    [InlineData("directPlay", "2", "directPlay must be 0, 1, true or false.")]
    [InlineData("directStream", "yes", "directStream must be 0, 1, true or false.")]
    [InlineData("directStreamAudio", "-1", "directStreamAudio must be 0, 1, true or false.")]
    [InlineData("videoResolution", "0x720", "videoResolution must be WIDTHxHEIGHT with each side from 1 to 16384, e.g. 1280x720.")]
    [InlineData("videoResolution", "16385x720", "videoResolution must be WIDTHxHEIGHT with each side from 1 to 16384, e.g. 1280x720.")]
    [InlineData("videoResolution", "1280", "videoResolution must be WIDTHxHEIGHT with each side from 1 to 16384, e.g. 1280x720.")]
    [InlineData("videoResolution", "-1280x720", "videoResolution must be WIDTHxHEIGHT with each side from 1 to 16384, e.g. 1280x720.")]
    [InlineData("videoBitrate", "-5", "videoBitrate must be an integer from 0 to 1000000 (kbps).")]
    [InlineData("maxVideoBitrate", "1000001", "maxVideoBitrate must be an integer from 0 to 1000000 (kbps).")]
    [InlineData("peakBitrate", "1.5", "peakBitrate must be an integer from 0 to 1000000 (kbps).")]
    [InlineData("musicBitrate", "abc", "musicBitrate must be an integer from 0 to 1000000 (kbps).")]
    [InlineData("videoQuality", "100", "videoQuality must be an integer from 0 to 99.")]
    [InlineData("audioChannelCount", "0", "audioChannelCount must be an integer from 1 to 8.")]
    [InlineData("audioChannelCount", "9", "audioChannelCount must be an integer from 1 to 8.")]
    [InlineData("audioBoost", "0", "audioBoost must be an integer from 1 to 1000.")]
    [InlineData("audioBoost", "1001", "audioBoost must be an integer from 1 to 1000.")]
    [InlineData("subtitleSize", "0", "subtitleSize must be an integer from 1 to 1000.")]
    [InlineData("subtitles", "always", "subtitles must be one of auto, burn, none, sidecar, embedded, segmented, unknown.")]
    [InlineData("advancedSubtitles", "embedded", "advancedSubtitles must be one of burn, text, unknown.")]
    [InlineData("offset", "-1", "offset must be a number from 0 to 1000000000.")]
    [InlineData("offset", "NaN", "offset must be a number from 0 to 1000000000.")]
    [InlineData("mediaIndex", "-2", "mediaIndex must be an integer from -1 to 10000.")]
    [InlineData("partIndex", "x", "partIndex must be an integer from -1 to 10000.")]
    [InlineData("location", "moon", "location must be one of lan, wan, cellular.")]
    [InlineData("protocol", "rtmp", "protocol must be one of http, hls, dash.")]
    public void Malformed_values_are_refused_with_one_line(string name, string value, string expected)
    {
        Assert.False(DecisionRequestParser.TryParse(Map(name, value), out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void Errors_never_echo_long_raw_values()
    {
        var hostile = new string('9', 500) + "\n<script>";
        Assert.False(DecisionRequestParser.TryParse(Map("audioBoost", hostile), out _, out var error));
        Assert.NotNull(error);
        Assert.True(error.Length <= 120);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("<script>", error);
    }

    [Fact]
    public void Empty_values_count_as_absent_and_unknown_names_are_ignored()
    {
        var r = Request("audioBoost", "", "videoResolution", " ", "somethingNew", "whatever");
        Assert.Null(r.AudioBoost);
        Assert.Null(r.MaxWidth);
    }

    [Fact]
    public void Free_text_is_bounded_and_stripped_of_control_characters()
    {
        var r = Request("X-Plex-Platform", "iOS\u0001" + new string('a', 200));
        Assert.NotNull(r.Platform);
        Assert.StartsWith("iOSa", r.Platform);
        Assert.Equal(80, r.Platform.Length);
    }

    [Fact]
    public void Profile_extra_error_is_reported_with_the_parameter_name()
    {
        Assert.False(DecisionRequestParser.TryParse(Map("X-Plex-Client-Profile-Extra", "add-transcode-target(type=videoProfile"), out _, out var error));
        Assert.Equal("X-Plex-Client-Profile-Extra has unbalanced parentheses.", error);
    }

    [Fact]
    public void Ignored_directives_are_returned_for_logging()
    {
        Assert.True(DecisionRequestParser.TryParse(Map("X-Plex-Client-Profile-Extra", "add-magic(a=b)+add-settings(x=y)"), out var r, out _, out var ignored));
        Assert.Equal(["add-magic"], ignored);
        Assert.Equal(ClientProfileDefaults.Generic.TranscodeTargets, r.Profile.TranscodeTargets);
    }

    [Fact]
    public void Profile_headers_match_case_insensitively_and_unknown_profile_names_get_generic()
    {
        var r = Request("x-plex-client-profile-extra", "add-transcode-target(type=videoProfile&container=mkv&videoCodec=hevc&audioCodec=aac)",
            "X-Plex-Client-Profile-Name", "Some Future Profile");
        Assert.Equal("mkv", r.Profile.TranscodeTargets[0].Container);
        Assert.Equal(ClientProfileDefaults.Generic.DirectPlayProfiles, r.Profile.DirectPlayProfiles);
        Assert.Equal("Some Future Profile", r.ProfileName);
    }
}
