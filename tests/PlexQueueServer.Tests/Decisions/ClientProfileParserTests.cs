using PlexQueueServer.Decisions;

namespace PlexQueueServer.Tests.Decisions;

public class ClientProfileParserTests
{
    private static ClientProfile Parse(string extra, out IReadOnlyList<string> ignored)
    {
        var ok = ClientProfileParser.TryParse(extra, null, out var profile, out ignored, out var error);
        Assert.True(ok, error);
        return profile;
    }

    private static ClientProfile Parse(string extra) => Parse(extra, out _);

    // Records compare their lists by reference, so compare the entries.
    private static void AssertGeneric(ClientProfile p)
    {
        Assert.Equal(ClientProfileDefaults.Generic.DirectPlayProfiles, p.DirectPlayProfiles);
        Assert.Equal(ClientProfileDefaults.Generic.TranscodeTargets, p.TranscodeTargets);
        Assert.Empty(p.Limitations);
    }

    private static string Error(string extra)
    {
        Assert.False(ClientProfileParser.TryParse(extra, null, out _, out _, out var error));
        Assert.NotNull(error);
        Assert.DoesNotContain('\n', error);
        return error;
    }

    [Fact]
    public void Absent_extra_gives_generic_defaults()
    {
        var p = Parse("");
        AssertGeneric(p);
        var video = Assert.Single(p.TranscodeTargets, t => t.Type == "videoProfile");
        Assert.Equal(("mp4", "h264", "aac"), (video.Container, video.VideoCodecs[0], video.AudioCodecs[0]));
        var music = Assert.Single(p.TranscodeTargets, t => t.Type == "musicProfile");
        Assert.Equal(("mp3", "mp3"), (music.Container, music.AudioCodecs[0]));
    }

    [Fact]
    public void Transcode_target_for_the_same_slot_replaces_the_builtin_and_comes_first()
    {
        var p = Parse("add-transcode-target(type=videoProfile&context=static&protocol=http&container=MKV&videoCodec=HEVC,h264&audioCodec=opus,aac&subtitleCodec=srt)");
        var t = Assert.Single(p.TranscodeTargets, t => t.Type == "videoProfile");
        Assert.Equal("mkv", t.Container);
        Assert.Equal(["hevc", "h264"], t.VideoCodecs);
        Assert.Equal(["opus", "aac"], t.AudioCodecs);
        Assert.Equal(["srt"], t.SubtitleCodecs);
    }

    [Fact]
    public void Transcode_target_for_another_context_is_kept_before_the_builtin()
    {
        var p = Parse("add-transcode-target(type=videoProfile&context=streaming&protocol=hls&container=mkv&videoCodec=h264&audioCodec=aac)");
        var targets = p.TranscodeTargets.Where(t => t.Type == "videoProfile").ToList();
        Assert.Equal(2, targets.Count);
        Assert.Equal(("streaming", "hls", "mkv"), (targets[0].Context, targets[0].Protocol, targets[0].Container));
        Assert.Equal("mp4", targets[1].Container);
    }

    [Fact]
    public void Replace_true_drops_builtin_targets_of_that_type_only()
    {
        var p = Parse("add-transcode-target(type=videoProfile&context=streaming&container=mkv&videoCodec=hevc&audioCodec=aac&replace=true)");
        var video = Assert.Single(p.TranscodeTargets, t => t.Type == "videoProfile");
        Assert.Equal("mkv", video.Container);
        Assert.Single(p.TranscodeTargets, t => t.Type == "musicProfile");
    }

    [Fact]
    public void Direct_play_profile_is_added_and_replace_drops_the_builtins()
    {
        var added = Parse("add-direct-play-profile(type=videoProfile&container=mkv,webm&videoCodec=*&audioCodec=*&subtitleCodec=srt)");
        Assert.Equal(2, added.DirectPlayProfiles.Count(p => p.Type == "videoProfile"));
        var mkv = added.DirectPlayProfiles.Last();
        Assert.Equal(["mkv", "webm"], mkv.Containers);
        Assert.Equal(["*"], mkv.VideoCodecs);

        var replaced = Parse("add-direct-play-profile(type=videoProfile&container=mkv&videoCodec=hevc&audioCodec=eac3&replace=true)");
        var only = Assert.Single(replaced.DirectPlayProfiles, p => p.Type == "videoProfile");
        Assert.Equal(["hevc"], only.VideoCodecs);
        Assert.Equal(2, replaced.DirectPlayProfiles.Count(p => p.Type == "musicProfile"));
    }

    [Fact]
    public void Limitation_is_parsed_to_canonical_tokens()
    {
        var p = Parse("add-limitation(scope=VIDEOCODEC&scopeName=H264&type=UPPERBOUND&name=VIDEO.WIDTH&value=1920&isRequired=true)" +
                      "+add-limitation(scope=videoCodec&scopeName=*&type=match&name=video.profile&list=high|main|constrained baseline)");
        Assert.Equal(2, p.Limitations.Count);
        var width = p.Limitations[0];
        Assert.Equal(("videoCodec", "h264", "upperBound", "video.width", "1920", true),
            (width.Scope, width.ScopeName, width.Type, width.Name, width.Value, width.IsRequired));
        Assert.Equal(["high", "main", "constrained baseline"], p.Limitations[1].List);
    }

    [Fact]
    public void Limitation_replace_drops_the_earlier_rule_for_the_same_property()
    {
        var p = Parse("add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=41)" +
                      "+add-limitation(scope=videoCodec&scopeName=h264&type=upperBound&name=video.level&value=51&replace=true)");
        Assert.Equal("51", Assert.Single(p.Limitations).Value);
    }

    [Fact]
    public void Append_adds_codecs_after_and_add_puts_them_first()
    {
        var appended = Parse("append-transcode-target-codec(type=videoProfile&context=static&protocol=http&videoCodec=hevc&audioCodec=ac3,aac)");
        var t = Assert.Single(appended.TranscodeTargets, t => t.Type == "videoProfile");
        Assert.Equal(["h264", "hevc"], t.VideoCodecs);
        Assert.Equal(["aac", "ac3"], t.AudioCodecs);

        var prepended = Parse("add-transcode-target-codec(type=videoProfile&videoCodec=hevc)");
        Assert.Equal(["hevc", "h264"], Assert.Single(prepended.TranscodeTargets, t => t.Type == "videoProfile").VideoCodecs);
    }

    [Fact]
    public void Append_without_a_matching_target_is_ignored_and_reported()
    {
        var p = Parse("append-transcode-target-codec(type=videoProfile&protocol=dash&videoCodec=hevc)", out var ignored);
        Assert.Equal(ClientProfileDefaults.Generic.TranscodeTargets, p.TranscodeTargets);
        Assert.Single(ignored);
    }

    [Fact]
    public void Settings_are_accepted_and_unknown_verbs_ignored()
    {
        var p = Parse("add-settings(DirectPlayStreamSelection=true)+do-something-new(x=1)", out var ignored);
        AssertGeneric(p);
        Assert.Equal(["do-something-new"], ignored);
    }

    public static TheoryData<string> SeparatorForms => new()
    {
        // Raw '+', '+' decoded to a space, encoded once, encoded twice.
        "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=hevc&audioCodec=aac)+append-transcode-target-codec(type=videoProfile&context=static&protocol=http&audioCodec=opus)",
        "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=hevc&audioCodec=aac) append-transcode-target-codec(type=videoProfile&context=static&protocol=http&audioCodec=opus)",
        "add-transcode-target(type%3DvideoProfile%26context%3Dstatic%26protocol%3Dhttp%26container%3Dmkv%26videoCodec%3Dhevc%26audioCodec%3Daac)+append-transcode-target-codec(type%3DvideoProfile%26context%3Dstatic%26protocol%3Dhttp%26audioCodec%3Dopus)",
        "add-transcode-target%28type%253DvideoProfile%2526context%253Dstatic%2526protocol%253Dhttp%2526container%253Dmkv%2526videoCodec%253Dhevc%2526audioCodec%253Daac%29%2Bappend-transcode-target-codec%28type%253DvideoProfile%2526context%253Dstatic%2526protocol%253Dhttp%2526audioCodec%253Dopus%29",
    };

    [Theory]
    [MemberData(nameof(SeparatorForms))]
    public void Joined_and_encoded_forms_parse_the_same(string extra)
    {
        var t = Assert.Single(Parse(extra).TranscodeTargets, t => t.Type == "videoProfile");
        Assert.Equal("mkv", t.Container);
        Assert.Equal(["hevc"], t.VideoCodecs);
        Assert.Equal(["aac", "opus"], t.AudioCodecs);
    }

    [Fact]
    public void Spaces_inside_parentheses_stay_in_the_value()
    {
        var p = Parse("add-limitation(scope=videoCodec&scopeName=h264&type=notMatch&name=video.profile&value=main 10)");
        Assert.Equal("main 10", Assert.Single(p.Limitations).Value);
    }

    [Theory]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4", "X-Plex-Client-Profile-Extra has unbalanced parentheses.")]
    [InlineData("add-transcode-target)type=videoProfile(", "X-Plex-Client-Profile-Extra has unbalanced parentheses.")]
    [InlineData("add-transcode-target(type=(videoProfile))", "X-Plex-Client-Profile-Extra has nested parentheses.")]
    [InlineData("add-transcode-target", "X-Plex-Client-Profile-Extra has a directive that is not verb(key=value&...).")]
    [InlineData("add-transcode-target(container=mp4)", "X-Plex-Client-Profile-Extra add-transcode-target needs type (videoProfile|musicProfile|subtitleProfile|photoProfile).")]
    [InlineData("add-transcode-target(type=videoProfile&videoCodec=h264)", "X-Plex-Client-Profile-Extra add-transcode-target needs container.")]
    [InlineData("add-direct-play-profile(type=videoProfile&videoCodec=h264)", "X-Plex-Client-Profile-Extra add-direct-play-profile needs container.")]
    [InlineData("add-transcode-target(type=movieProfile&container=mp4)", "X-Plex-Client-Profile-Extra add-transcode-target type must be one of videoProfile|musicProfile|subtitleProfile|photoProfile.")]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4&protocol=rtsp)", "X-Plex-Client-Profile-Extra add-transcode-target protocol must be one of http|hls|dash.")]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4&context=live)", "X-Plex-Client-Profile-Extra add-transcode-target context must be one of static|streaming.")]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4;rm -rf)", "X-Plex-Client-Profile-Extra add-transcode-target container may only contain letters, digits and . _ , * : / - or space.")]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4&videoCodec=h264%22)", "X-Plex-Client-Profile-Extra add-transcode-target videoCodec may only contain letters, digits and . _ , * : / - or space.")]
    [InlineData("add-transcode-target(type=videoProfile&container=mp4&replace=maybe)", "X-Plex-Client-Profile-Extra add-transcode-target replace must be true or false.")]
    [InlineData("add-transcode-target(type=videoProfile&mp4)", "X-Plex-Client-Profile-Extra has an argument in add-transcode-target that is not key=value.")]
    [InlineData("add-limitation(scope=videoCodec&type=upperBound&name=video.width&value=big)", "X-Plex-Client-Profile-Extra add-limitation upperBound needs a numeric value.")]
    [InlineData("add-limitation(scope=videoCodec&type=upperBound&name=video.width&value=NaN)", "X-Plex-Client-Profile-Extra add-limitation upperBound needs a numeric value.")]
    [InlineData("add-limitation(scope=videoCodec&type=match&name=video.profile)", "X-Plex-Client-Profile-Extra add-limitation match needs a value or a list.")]
    [InlineData("add-limitation(scope=videoCodec&type=between&name=video.width&value=1)", "X-Plex-Client-Profile-Extra add-limitation type must be one of upperBound|lowerBound|match|notMatch.")]
    [InlineData("add-limitation(type=upperBound&name=video.width&value=1)", "X-Plex-Client-Profile-Extra add-limitation needs scope.")]
    [InlineData("append-transcode-target-codec(videoCodec=hevc)", "X-Plex-Client-Profile-Extra append-transcode-target-codec needs type (videoProfile|musicProfile|subtitleProfile|photoProfile).")]
    public void Malformed_directives_are_refused(string extra, string expected) => Assert.Equal(expected, Error(extra));

    [Fact]
    public void Too_many_directives_are_refused()
    {
        var extra = string.Join("+", Enumerable.Repeat("add-settings(a=b)", 101));
        Assert.Equal("X-Plex-Client-Profile-Extra has more than 100 directives.", Error(extra));
        Assert.True(ClientProfileParser.TryParse(string.Join("+", Enumerable.Repeat("add-settings(a=b)", 100)), null, out _, out _, out _));
    }

    [Fact]
    public void Too_long_text_is_refused()
    {
        var extra = "add-settings(a=" + new string('b', 8200) + ")";
        Assert.Equal("X-Plex-Client-Profile-Extra is longer than 8192 characters.", Error(extra));
    }
}
