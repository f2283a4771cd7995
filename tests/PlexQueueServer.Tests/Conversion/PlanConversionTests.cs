using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Conversion;

/// <summary>
/// Each kind of plan through the HTTP queue on real clips: the file's streams (ffprobe) must be exactly what
/// the item's decision document says, and the universal decision route must say the same before queueing.
/// </summary>
public class PlanConversionTests(PlanMediaFactory factory) : IClassFixture<PlanMediaFactory>
{
    private const int Movies = 1, Music = 2;

    private sealed record Converted(JsonNode Part, List<JsonElement> Output, JsonDocument Probe, string File);

    private async Task<Converted> ConvertAsync(string title, string parameters, int section = Movies, string? type = null)
    {
        var client = factory.CreatePlexClient(clientIdentifier: "plan-" + Guid.NewGuid().ToString("N")[..8]);
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(section, title, type);
        var itemId = await client.AddAsync(queueId, key, parameters);
        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.True((string?)item["status"] == "available", item.ToJsonString());

        var decision = (await client.GetJsonAsync($"/downloadQueue/{queueId}/item/{itemId}/decision"))["MediaContainer"]!;
        var part = decision["Metadata"]![0]!["Media"]![0]!["Part"]![0]!;
        var transcodeType = section == Music ? "music" : "video";
        var asked = (await client.GetJsonAsync($"/{transcodeType}/:/transcode/universal/decision?path=/library/metadata/{key}{parameters}"))["MediaContainer"]!;
        var askedPart = asked["Metadata"]![0]!["Media"]![0]!["Part"]![0]!;
        Assert.Equal(Decisions(part), Decisions(askedPart));

        var file = Path.Combine(factory.Root, $"plan-{itemId}.{(string)decision["Metadata"]![0]!["Media"]![0]!["container"]!}");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync($"/downloadQueue/{queueId}/item/{itemId}/media"));
        var probe = TestMedia.Probe(file);
        var output = probe.RootElement.GetProperty("streams").EnumerateArray().ToList();
        AssertMatches(part, output);
        return new Converted(part, output, probe, file);
    }

    private static List<string> Decisions(JsonNode part) =>
        part["Stream"]!.AsArray().Select(s => $"{s!["index"]}:{s["decision"]}:{s["codec"]}").ToList();

    /// <summary>One output stream per copied or transcoded stream, in kind order, with the document's codec, size and channels.</summary>
    private static void AssertMatches(JsonNode part, List<JsonElement> output)
    {
        var written = part["Stream"]!.AsArray().Where(s => (string)s!["decision"]! is "copy" or "transcode")
            .OrderBy(s => (int)s!["streamType"]!).ThenBy(s => (int)s!["index"]!).ToList();
        Assert.Equal(written.Count, output.Count);
        foreach (var (expected, actual) in written.Zip(output))
        {
            var kind = (int)expected!["streamType"]! switch { 1 => "video", 2 => "audio", _ => "subtitle" };
            Assert.Equal(kind, actual.GetProperty("codec_type").GetString());
            var codec = actual.GetProperty("codec_name").GetString() is "subrip" ? "srt" : actual.GetProperty("codec_name").GetString();
            Assert.Equal((string)expected["codec"]!, codec);
            if (kind == "video")
                Assert.Equal(((int)expected["width"]!, (int)expected["height"]!), (actual.GetProperty("width").GetInt32(), actual.GetProperty("height").GetInt32()));
            if (kind == "audio") Assert.Equal((int)expected["channels"]!, actual.GetProperty("channels").GetInt32());
        }
    }

    private static string DecisionOf(Converted c, int streamType) =>
        (string)c.Part["Stream"]!.AsArray().Single(s => (int)s!["streamType"]! == streamType)!["decision"]!;

    [Fact]
    public async Task Copy_and_remux_moves_h264_aac_from_mkv_into_mp4_untouched()
    {
        var c = await ConvertAsync("Surround Movie", "");
        Assert.Equal(("copy", "copy"), (DecisionOf(c, 1), DecisionOf(c, 2)));
        Assert.Contains("mp4", c.Probe.RootElement.GetProperty("format").GetProperty("format_name").GetString());
        Assert.Equal(6, c.Output.Single(s => s.GetProperty("codec_type").GetString() == "audio").GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task Video_conversion_scales_mpeg4_to_h264()
    {
        var c = await ConvertAsync("Convert Movie", "&videoResolution=160x120");
        Assert.Equal(("transcode", "transcode"), (DecisionOf(c, 1), DecisionOf(c, 2)));
        Assert.Equal(160, c.Output.Single(s => s.GetProperty("codec_type").GetString() == "video").GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Audio_only_conversion_copies_the_video_and_converts_mp3_to_aac()
    {
        var c = await ConvertAsync("Subtitle Movie", "&directStreamAudio=1&subtitles=none");
        Assert.Equal(("copy", "transcode", "ignore"), (DecisionOf(c, 1), DecisionOf(c, 2), DecisionOf(c, 3)));
        Assert.Equal(["h264", "aac"], c.Output.Select(s => s.GetProperty("codec_name").GetString()));
    }

    [Fact]
    public async Task Burned_subtitles_convert_the_video_and_leave_no_subtitle_stream()
    {
        var c = await ConvertAsync("Subtitle Movie", "&subtitles=burn");
        Assert.Equal(("transcode", "burn"), (DecisionOf(c, 1), DecisionOf(c, 3)));
        Assert.DoesNotContain(c.Output, s => s.GetProperty("codec_type").GetString() == "subtitle");
    }

    [Fact]
    public async Task Burned_text_is_in_the_picture()
    {
        var burned = await ConvertAsync("Subtitle Movie", "&subtitles=burn&videoBitrate=1000");
        var plain = await ConvertAsync("Subtitle Movie", "&subtitles=none&directStream=0&videoBitrate=1000");
        Assert.Equal("transcode", DecisionOf(plain, 1));
        var a = Frame(burned.File);
        var b = Frame(plain.File);
        // The same encode but for the text: many pixels far apart means the subtitle was drawn.
        var changed = a.Zip(b).Count(p => Math.Abs(p.First - p.Second) > 60);
        Assert.True(changed > 100, $"only {changed} pixels differ");
    }

    [Fact]
    public async Task Subtitle_size_makes_burned_text_larger()
    {
        var plain = Frame((await ConvertAsync("Subtitle Movie", "&subtitles=none&directStream=0&videoBitrate=1000")).File);
        var normal = Frame((await ConvertAsync("Subtitle Movie", "&subtitles=burn&videoBitrate=1000")).File);
        var large = Frame((await ConvertAsync("Subtitle Movie", "&subtitles=burn&subtitleSize=300&videoBitrate=1000")).File);
        int Changed(byte[] frame) => frame.Zip(plain).Count(p => Math.Abs(p.First - p.Second) > 60);
        Assert.True(Changed(large) > 2 * Changed(normal), $"text at 300% covers {Changed(large)} pixels, at 100% {Changed(normal)}");
    }

    [Fact]
    public async Task Audio_boost_makes_the_converted_audio_louder()
    {
        var quiet = await ConvertAsync("Surround Movie", "&audioChannelCount=2");
        var loud = await ConvertAsync("Surround Movie", "&audioChannelCount=2&audioBoost=200");
        Assert.Equal("transcode", DecisionOf(loud, 2));
        var gain = MeanVolume(loud.File) - MeanVolume(quiet.File);
        Assert.InRange(gain, 4.5, 7.5); // 200% is +6 dB
    }

    /// <summary>The luma of the frame at 0.5 s (the subtitle shows from 0 to 1.5 s).</summary>
    private static byte[] Frame(string file)
    {
        var (stdout, _) = Run($"-ss 0.5 -i \"{file}\" -frames:v 1 -f rawvideo -pix_fmt gray -");
        Assert.NotEmpty(stdout);
        return stdout;
    }

    private static double MeanVolume(string file)
    {
        var (_, stderr) = Run($"-i \"{file}\" -af volumedetect -f null -", loglevel: "info");
        var line = stderr.Split('\n').Single(l => l.Contains("mean_volume:", StringComparison.Ordinal));
        var value = line[(line.IndexOf("mean_volume:", StringComparison.Ordinal) + 12)..].Replace("dB", "").Trim();
        return double.Parse(value, CultureInfo.InvariantCulture);
    }

    private static (byte[] Stdout, string Stderr) Run(string arguments, string loglevel = "error")
    {
        var info = new ProcessStartInfo("ffmpeg", $"-hide_banner -nostats -loglevel {loglevel} {arguments}")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var buffer = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(buffer);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, stderr.Result);
        return (buffer.ToArray(), stderr.Result);
    }

    [Fact]
    public async Task Embedded_subtitles_become_a_mov_text_track_in_mp4()
    {
        var c = await ConvertAsync("Subtitle Movie", "&subtitles=embedded");
        Assert.Equal(("copy", "transcode"), (DecisionOf(c, 1), DecisionOf(c, 3)));
        var subtitle = Assert.Single(c.Output, s => s.GetProperty("codec_type").GetString() == "subtitle");
        Assert.Equal("mov_text", subtitle.GetProperty("codec_name").GetString());
    }

    [Fact]
    public async Task An_mkv_target_keeps_the_srt_track_as_it_is()
    {
        var extra = Uri.EscapeDataString("add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=h264&audioCodec=aac&replace=true)");
        var c = await ConvertAsync("Subtitle Movie", "&subtitles=embedded&X-Plex-Client-Profile-Extra=" + extra);
        Assert.Equal(("copy", "transcode", "copy"), (DecisionOf(c, 1), DecisionOf(c, 2), DecisionOf(c, 3)));
        Assert.Contains("matroska", c.Probe.RootElement.GetProperty("format").GetProperty("format_name").GetString());
        Assert.Equal("subrip", Assert.Single(c.Output, s => s.GetProperty("codec_type").GetString() == "subtitle").GetProperty("codec_name").GetString());
    }

    [Fact]
    public async Task Downmix_converts_5_1_audio_to_stereo_and_copies_the_video()
    {
        var c = await ConvertAsync("Surround Movie", "&audioChannelCount=2");
        Assert.Equal(("copy", "transcode"), (DecisionOf(c, 1), DecisionOf(c, 2)));
        Assert.Equal(2, c.Output.Single(s => s.GetProperty("codec_type").GetString() == "audio").GetProperty("channels").GetInt32());
    }

    [Fact]
    public async Task Music_converts_flac_to_mp3_under_the_music_bitrate()
    {
        var c = await ConvertAsync("Flac Song", "&musicBitrate=96", Music, "10");
        var audio = Assert.Single(c.Output);
        Assert.Equal("mp3", audio.GetProperty("codec_name").GetString());
        Assert.True(int.Parse(audio.GetProperty("bit_rate").GetString()!) <= 96_000);
    }
}
