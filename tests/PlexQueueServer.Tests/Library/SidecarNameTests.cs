using PlexQueueServer.Library;

namespace PlexQueueServer.Tests.Library;

/// <summary>What a sidecar's name (after the video's base name) says: language, forced, hearing impaired, codec.</summary>
public class SidecarNameTests
{
    [Theory]
    [InlineData("en.srt", "en", false, false, "srt")]
    [InlineData("en.forced.srt", "en", true, false, "srt")]
    [InlineData("en.sdh.srt", "en", false, true, "srt")]
    [InlineData("EN.Forced.SDH.SRT", "EN", true, true, "srt")]
    [InlineData("srt", null, false, false, "srt")]
    [InlineData("hi.srt", "hi", false, false, "srt")]
    [InlineData("en.hi.srt", "en", false, true, "srt")]
    [InlineData("pt-BR.ass", "pt-BR", false, false, "ass")]
    [InlineData("fr.vtt", "fr", false, false, "vtt")]
    [InlineData("director commentary.en.ssa", "en", false, false, "ssa")]
    [InlineData("2.srt", null, false, false, "srt")]
    public void Names_give_language_flags_and_codec(string rest, string? language, bool forced, bool hearingImpaired, string codec)
    {
        var sidecar = SidecarSubtitles.Parse(rest);
        Assert.Equal((language, forced, hearingImpaired, codec), (sidecar.Language, sidecar.Forced, sidecar.HearingImpaired, sidecar.Codec));
    }

    [Fact]
    public void Sidecar_stream_ids_never_meet_embedded_ones_and_map_back_to_their_row()
    {
        var id = SidecarSubtitles.StreamIdOf(42);
        Assert.Equal(42_999, id);
        Assert.True(SidecarSubtitles.TryRowIdOf(id, out var row));
        Assert.Equal(42, row);
        Assert.False(SidecarSubtitles.TryRowIdOf(42_000, out _)); // item 42's stream 0
        Assert.False(SidecarSubtitles.TryRowIdOf(999, out _));
    }
}
