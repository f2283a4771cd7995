using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>Real ffprobe JSON of clips generated here (never committed), mapped into Plex vocabulary.</summary>
public sealed class MediaFactsReaderTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "plexqueue-facts-" + Guid.NewGuid().ToString("N")[..8]);

    public MediaFactsReaderTests() => Directory.CreateDirectory(folder);

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static async Task<MediaFacts> FactsAsync(string path)
    {
        var json = await MediaFactsReader.ProbeJsonAsync(path, CancellationToken.None);
        return MediaFactsReader.FromProbeJson(json, path, new FileInfo(path).Length);
    }

    [Fact]
    public async Task Mp4_with_h264_and_aac_maps_to_plex_names()
    {
        var facts = await FactsAsync(Path.Combine(TestMedia.Movies, TestMedia.DirectPlayMovie));

        Assert.Equal("mp4", facts.Container);
        Assert.InRange(facts.DurationMs, 1500, 2500);
        Assert.NotNull(facts.BitrateKbps);
        var video = Assert.IsType<StreamFacts>(facts.Video);
        Assert.Equal(("h264", 0, 160, 120), (video.Codec, video.Index, video.Width!.Value, video.Height!.Value));
        Assert.Equal(25, video.FrameRate);
        Assert.Equal(8, video.BitDepth);
        Assert.NotNull(video.Level);
        Assert.False(video.Hdr);
        var audio = Assert.IsType<StreamFacts>(facts.Audio);
        Assert.Equal(("aac", "lc", 1), (audio.Codec, audio.Profile, audio.Index));
        Assert.Equal(1, audio.Channels);
        Assert.Equal(44100, audio.SamplingRate);
        Assert.InRange(audio.BitrateKbps ?? 0, 30, 100);
        Assert.False(facts.IsMusic);
    }

    [Fact]
    public async Task Mkv_with_mpeg4_and_mp3_maps_to_mkv()
    {
        var facts = await FactsAsync(Path.Combine(TestMedia.Movies, TestMedia.ConvertMovie));
        Assert.Equal("mkv", facts.Container);
        Assert.Equal(["mpeg4", "mp3"], facts.Streams.Select(s => s.Codec));
    }

    [Fact]
    public async Task Cover_art_is_not_a_video_stream_so_music_stays_music()
    {
        var cover = Path.Combine(folder, "cover.png");
        var song = Path.Combine(folder, "with cover.flac");
        TestMedia.Ffmpeg($"-f lavfi -i color=c=red:s=64x64:d=1 -frames:v 1 \"{cover}\"");
        TestMedia.Ffmpeg($"-f lavfi -i sine=duration=1 -i \"{cover}\" -map 0 -map 1 -c:a flac -c:v copy -disposition:v attached_pic \"{song}\"");
        Assert.Contains(TestMedia.Probe(song).RootElement.GetProperty("streams").EnumerateArray(),
            s => s.GetProperty("codec_type").GetString() == "video"); // ffprobe does see it

        var facts = await FactsAsync(song);

        Assert.True(facts.IsMusic);
        Assert.Null(facts.Video);
        Assert.Equal("flac", Assert.Single(facts.Streams).Codec);
        Assert.Equal("flac", facts.Container);
    }

    [Fact]
    public async Task Pq_transfer_marks_hdr_with_ten_bit_depth_and_lowercase_profile()
    {
        var path = Path.Combine(folder, "hdr clip.mkv");
        TestMedia.Ffmpeg("-f lavfi -i testsrc2=size=160x120:rate=24:duration=1 -c:v libx264 -preset ultrafast -pix_fmt yuv420p10le " +
                         $"-color_trc smpte2084 -color_primaries bt2020 -colorspace bt2020nc \"{path}\"");

        var video = Assert.IsType<StreamFacts>((await FactsAsync(path)).Video);

        Assert.True(video.Hdr);
        Assert.Equal("smpte2084", video.ColorTransfer);
        Assert.Equal(10, video.BitDepth);
        Assert.Equal("high 10", video.Profile);
    }

    [Fact]
    public async Task Subtitles_languages_titles_and_dispositions_are_kept()
    {
        var srt = Path.Combine(folder, "subs.srt");
        File.WriteAllText(srt, "1\n00:00:00,000 --> 00:00:01,000\nHello\n");
        var path = Path.Combine(folder, "subs.mkv");
        TestMedia.Ffmpeg($"-f lavfi -i testsrc2=size=160x120:rate=25:duration=1 -f lavfi -i sine=duration=1 -i \"{srt}\" -map 0 -map 1 -map 2 " +
                         "-c:v mpeg4 -c:a pcm_s16le -c:s srt -metadata:s:a:0 language=eng -metadata:s:s:0 language=fre " +
                         $"-metadata:s:s:0 title=Forced -disposition:s:0 forced \"{path}\"");

        var facts = await FactsAsync(path);

        var audio = facts.Streams.Single(s => s.Kind == StreamKind.Audio);
        Assert.Equal(("pcm", "eng"), (audio.Codec, audio.Language));
        var sub = facts.Streams.Single(s => s.Kind == StreamKind.Subtitle);
        Assert.Equal(("srt", "fre", "Forced", 2), (sub.Codec, sub.Language, sub.Title, sub.Index));
        Assert.True(sub.Forced);
    }

    [Theory]
    [InlineData("a.mp4", "mov,mp4,m4a,3gp,3g2,mj2", "mp4")]
    [InlineData("a.m4v", "mov,mp4,m4a,3gp,3g2,mj2", "mp4")]
    [InlineData("a.MKV", "matroska,webm", "mkv")]
    [InlineData("a.webm", "matroska,webm", "webm")]
    [InlineData("a.bin", "matroska,webm", "mkv")]
    [InlineData("a.bin", "mpegts", "ts")]
    [InlineData("a.opus", "ogg", "ogg")]
    public void Container_comes_from_the_extension_then_the_format(string file, string format, string expected) =>
        Assert.Equal(expected, MediaFactsReader.ContainerFor(file, format));

    [Theory]
    [InlineData("subrip", "srt")]
    [InlineData("webvtt", "vtt")]
    [InlineData("hdmv_pgs_subtitle", "pgs")]
    [InlineData("dvd_subtitle", "vobsub")]
    [InlineData("pcm_s24le", "pcm")]
    [InlineData("hevc", "hevc")]
    [InlineData("eac3", "eac3")]
    public void Codec_names_follow_plex(string ffprobe, string plex) => Assert.Equal(plex, MediaFactsReader.CodecFor(ffprobe));
}
