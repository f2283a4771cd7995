using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>A third movie section with sidecar subtitles beside its videos; no watcher, so tests rescan when they choose.</summary>
public sealed class SubtitleLibraryFactory : PlexServerFactory
{
    public const string Movie = "Sub Movie (2020)";
    public const string SwapMovie = "Swap Movie (2021)";
    public const string ConvertMovie = "Convert Sub (2022)"; // mpeg4/mp3 in mkv: every profile converts it
    public const string EnglishSrt = "1\n00:00:00,000 --> 00:00:01,000\nHello from the English sidecar\n\n";
    public const string ForcedSrt = "1\n00:00:00,500 --> 00:00:01,500\n[Forced] Signs only\n\n";
    public const string SdhSrt = "1\n00:00:00,000 --> 00:00:01,000\n[music playing] Hello\n\n";
    public const string PlainSrt = "1\n00:00:00,000 --> 00:00:01,000\nNo language in the name\n\n";
    public const string FrenchVtt = "WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nBonjour\n\n";

    public string SubbedPath => Path.Combine(Root, "media", "subbed");
    public string OutsidePath => Path.Combine(Root, "outside");
    public string MoviePath => Path.Combine(SubbedPath, Movie + ".mp4");

    public SubtitleLibraryFactory()
    {
        Directory.CreateDirectory(SubbedPath);
        Directory.CreateDirectory(OutsidePath);
        var clip = Path.Combine(TestMedia.Movies, TestMedia.DirectPlayMovie);
        File.Copy(clip, MoviePath);
        File.WriteAllText(Path.Combine(SubbedPath, Movie + ".en.srt"), EnglishSrt);
        File.WriteAllText(Path.Combine(SubbedPath, Movie + ".en.forced.srt"), ForcedSrt);
        File.WriteAllText(Path.Combine(SubbedPath, Movie + ".en.sdh.srt"), SdhSrt);
        File.WriteAllText(Path.Combine(SubbedPath, Movie + ".srt"), PlainSrt);
        File.WriteAllText(Path.Combine(SubbedPath, Movie + ".fr.vtt"), FrenchVtt);
        File.WriteAllText(Path.Combine(SubbedPath, "notes.txt"), "not a subtitle");
        File.Copy(clip, Path.Combine(SubbedPath, SwapMovie + ".mp4"));
        File.WriteAllText(Path.Combine(SubbedPath, SwapMovie + ".en.srt"), EnglishSrt);
        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.ConvertMovie), Path.Combine(SubbedPath, ConvertMovie + ".mkv"));
        File.WriteAllText(Path.Combine(SubbedPath, ConvertMovie + ".en.srt"), EnglishSrt);
        File.WriteAllText(Path.Combine(OutsidePath, "secret.srt"), "1\n00:00:00,000 --> 00:00:01,000\nSECRET\n\n");
        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.ConvertMovie), Path.Combine(OutsidePath, "secret.mkv"));
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Library:Watch"] = "false",
        ["Library:Sections:2:Title"] = "Subbed",
        ["Library:Sections:2:Type"] = "movie",
        ["Library:Sections:2:Path"] = SubbedPath,
    };
}

public class LibraryFilesTests(SubtitleLibraryFactory factory) : IClassFixture<SubtitleLibraryFactory>
{
    /// <summary>The item's rating key once the first scan of the section is over (sidecars are found after the videos).</summary>
    private static async Task<int> MovieKeyAsync(HttpClient client, string title = "Sub Movie")
    {
        await client.WaitForAsync("/library/sections/all",
            c => c.GetProperty("Directory").EnumerateArray().Any(d => d.GetProperty("key").GetString() == "3" && d.TryGetProperty("scannedAt", out _)));
        return await client.RatingKeyOfAsync(3, title);
    }

    private async Task<XElement> PartXmlAsync(int ratingKey)
    {
        var xml = factory.CreatePlexClient(json: false);
        using var response = await xml.GetAsync($"/library/metadata/{ratingKey}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync()).Descendants("Part").Single();
    }

    [Fact]
    public async Task Xml_part_carries_its_key_file_size_and_the_sidecar_subtitles_as_streams_with_keys()
    {
        var key = await MovieKeyAsync(factory.CreatePlexClient());
        var part = await PartXmlAsync(key);

        Assert.Matches($"^/library/parts/{key}/[0-9]+/file\\.mp4$", part.Attribute("key")!.Value);
        Assert.Equal(factory.MoviePath, part.Attribute("file")!.Value);
        Assert.Equal(new FileInfo(factory.MoviePath).Length.ToString(), part.Attribute("size")!.Value);
        Assert.Equal("mp4", part.Attribute("container")!.Value);
        Assert.InRange(int.Parse(part.Attribute("duration")!.Value), 1500, 2500);

        var streams = part.Descendants("Stream").ToList();
        var embedded = streams.Where(s => s.Attribute("index") is not null).ToList();
        Assert.Equal(["1", "2"], embedded.Select(s => s.Attribute("streamType")!.Value));
        Assert.All(embedded, s => Assert.Null(s.Attribute("key")));

        var sidecars = streams.Where(s => s.Attribute("key") is not null).ToList();
        Assert.Equal(5, sidecars.Count);
        Assert.All(sidecars, s => Assert.Equal("3", s.Attribute("streamType")!.Value));
        Assert.All(sidecars, s => Assert.Equal($"/library/streams/{s.Attribute("id")!.Value}", s.Attribute("key")!.Value));
        Assert.Equal(streams.Count, streams.Select(s => s.Attribute("id")!.Value).Distinct().Count());

        XElement One(string code, string forced, string? sdh) => sidecars.Single(s =>
            s.Attribute("languageCode")?.Value == code && s.Attribute("forced")!.Value == forced && s.Attribute("hearingImpaired")?.Value == sdh);
        var english = One("eng", "0", null);
        Assert.Equal("English", english.Attribute("language")!.Value);
        Assert.Equal("srt", english.Attribute("codec")!.Value);
        Assert.Equal("srt", english.Attribute("format")!.Value);
        One("eng", "1", null);
        One("eng", "0", "1");
        var french = One("fra", "0", null);
        Assert.Equal("vtt", french.Attribute("codec")!.Value);
        Assert.Equal("French", french.Attribute("language")!.Value);
        var plain = sidecars.Single(s => s.Attribute("languageCode") is null);
        Assert.Equal("srt", plain.Attribute("codec")!.Value);
    }

    [Fact]
    public async Task Json_streams_route_serves_each_sidecar_file_with_its_content_type()
    {
        var client = factory.CreatePlexClient();
        var key = await MovieKeyAsync(client);
        var item = (await client.GetContainerAsync($"/library/metadata/{key}")).Metadata().Single();
        var streams = item.GetProperty("Media")[0].GetProperty("Part")[0].GetProperty("Stream").EnumerateArray().ToList();
        Assert.All(streams.Where(s => s.TryGetProperty("index", out _)), s => Assert.False(s.TryGetProperty("key", out _)));
        var sidecars = streams.Where(s => s.TryGetProperty("key", out _)).ToList();

        var forced = sidecars.Single(s => s.GetProperty("forced").GetBoolean());
        Assert.Equal("eng", forced.GetProperty("languageCode").GetString());
        Assert.Equal(JsonValueKind.Number, forced.GetProperty("id").ValueKind);
        Assert.Equal(SubtitleLibraryFactory.ForcedSrt, await GetTextAsync(client, forced.GetProperty("key").GetString()!, "application/x-subrip"));
        var sdh = sidecars.Single(s => s.TryGetProperty("hearingImpaired", out var hi) && hi.GetBoolean());
        Assert.Equal(SubtitleLibraryFactory.SdhSrt, await GetTextAsync(client, sdh.GetProperty("key").GetString()!, "application/x-subrip"));
        var french = sidecars.Single(s => s.GetProperty("codec").GetString() == "vtt");
        Assert.Equal(SubtitleLibraryFactory.FrenchVtt, await GetTextAsync(client, french.GetProperty("key").GetString()!, "text/vtt"));
        // The Plex SDKs call /library/streams/{id}.{ext}: the same file.
        Assert.Equal(SubtitleLibraryFactory.FrenchVtt, await GetTextAsync(client, french.GetProperty("key").GetString()! + ".vtt", "text/vtt"));
    }

    private static async Task<string> GetTextAsync(HttpClient client, string url, string contentType)
    {
        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_original_part_downloads_byte_for_byte_with_range_head_and_attachment()
    {
        var client = factory.CreatePlexClient();
        var url = (await PartXmlAsync(await MovieKeyAsync(client))).Attribute("key")!.Value;
        var original = await File.ReadAllBytesAsync(factory.MoviePath);

        using (var whole = await client.GetAsync(url))
        {
            Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
            Assert.Equal("video/mp4", whole.Content.Headers.ContentType!.MediaType);
            Assert.Equal("bytes", whole.Headers.AcceptRanges.Single());
            Assert.Null(whole.Content.Headers.ContentDisposition);
            Assert.Equal(original, await whole.Content.ReadAsByteArrayAsync());
        }

        using (var request = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { Range = new RangeHeaderValue(100, 1123) } })
        using (var ranged = await client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.PartialContent, ranged.StatusCode);
            Assert.Equal($"bytes 100-1123/{original.Length}", ranged.Content.Headers.ContentRange!.ToString());
            Assert.Equal(original[100..1124], await ranged.Content.ReadAsByteArrayAsync());
        }

        using (var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url)))
        {
            Assert.Equal(HttpStatusCode.OK, head.StatusCode);
            Assert.Equal(original.Length, head.Content.Headers.ContentLength);
            Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        }

        using (var download = await client.GetAsync(url + "?download=1"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
            Assert.Equal(SubtitleLibraryFactory.Movie + ".mp4", download.Content.Headers.ContentDisposition.FileNameStar ?? download.Content.Headers.ContentDisposition.FileName?.Trim('"'));
            Assert.Equal(original, await download.Content.ReadAsByteArrayAsync());
        }
    }

    [Fact]
    public async Task The_short_part_form_and_a_query_token_work_as_plex_clients_use_them()
    {
        var key = await MovieKeyAsync(factory.CreatePlexClient());
        var anonymous = factory.CreatePlexClient(token: null);
        using var refused = await anonymous.GetAsync($"/library/parts/{key}/file.mp4");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        using var response = await anonymous.GetAsync($"/library/parts/{key}/file.mp4?X-Plex-Token={PlexServerFactory.AliceToken}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(factory.MoviePath), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Unknown_parts_and_streams_are_404_with_a_reason_and_bad_ids_400()
    {
        var client = factory.CreatePlexClient();
        var key = await MovieKeyAsync(client);
        var embeddedStream = (long)key * 1000; // the video stream inside the file
        foreach (var url in new[] { "/library/parts/999999/1/file.mp4", $"/library/streams/{embeddedStream}", "/library/streams/999999999" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.StartsWith("No ", response.Headers.GetValues("X-Plex-Error").Single());
        }
        foreach (var url in new[] { "/library/parts/abc/file.mp4", "/library/streams/-5", "/library/parts/99999999999999/1/file.mp4" })
        {
            using var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_part_or_sidecar_swapped_for_a_link_outside_the_library_is_not_served()
    {
        var client = factory.CreatePlexClient();
        var key = await MovieKeyAsync(client, "Swap Movie");
        var part = await PartXmlAsync(key);
        var sidecarUrl = part.Descendants("Stream").Single(s => s.Attribute("key") is not null).Attribute("key")!.Value;
        var video = Path.Combine(factory.SubbedPath, SubtitleLibraryFactory.SwapMovie + ".mp4");
        var srt = Path.Combine(factory.SubbedPath, SubtitleLibraryFactory.SwapMovie + ".en.srt");

        File.Delete(video);
        File.CreateSymbolicLink(video, Path.Combine(factory.OutsidePath, "secret.mkv"));
        File.Delete(srt);
        File.CreateSymbolicLink(srt, Path.Combine(factory.OutsidePath, "secret.srt"));

        using var partResponse = await client.GetAsync(part.Attribute("key")!.Value);
        Assert.Equal(HttpStatusCode.NotFound, partResponse.StatusCode);
        Assert.DoesNotContain("SECRET", await partResponse.Content.ReadAsStringAsync());
        using var srtResponse = await client.GetAsync(sidecarUrl);
        Assert.Equal(HttpStatusCode.NotFound, srtResponse.StatusCode);
        Assert.DoesNotContain("SECRET", await srtResponse.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_rescan_adds_new_sidecars_drops_removed_ones_and_keeps_the_other_ids()
    {
        var client = factory.CreatePlexClient();
        var key = await MovieKeyAsync(client);
        var before = SidecarIds(await PartXmlAsync(key));
        var spanish = Path.Combine(factory.SubbedPath, SubtitleLibraryFactory.Movie + ".es.srt");
        var french = Path.Combine(factory.SubbedPath, SubtitleLibraryFactory.Movie + ".fr.vtt");
        File.WriteAllText(spanish, "1\n00:00:00,000 --> 00:00:01,000\nHola\n\n");
        File.Move(french, french + ".bak");
        try
        {
            using (var refresh = await client.PostAsync("/library/sections/3/refresh", null))
                Assert.Equal(HttpStatusCode.OK, refresh.StatusCode);

            var after = SidecarIds(await PartXmlAsync(key));
            Assert.Equal(before.Count, after.Count);
            Assert.DoesNotContain("fra", after.Keys);
            Assert.Contains("spa", after.Keys);
            Assert.DoesNotContain(after["spa"], before.Values);
            foreach (var (language, id) in before.Where(b => b.Key != "fra")) Assert.Equal(id, after[language]);
            using var gone = await client.GetAsync($"/library/streams/{before["fra"]}");
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
        finally
        {
            File.Delete(spanish);
            File.Move(french + ".bak", french);
            using var restore = await client.PostAsync("/library/sections/3/refresh", null);
        }
    }

    [Fact]
    public async Task A_converted_download_keeps_the_sidecar_as_a_soft_subtitle_the_profile_lists()
    {
        // Default profile: mp4 with mov_text.
        var mp4 = await DownloadConvertedAsync("");
        Assert.Equal(("transcode", "mov_text", "embedded"), mp4.Sidecar);
        Assert.Equal("mov_text", mp4.Codec);
        Assert.Contains("Hello from the English sidecar", mp4.Text);

        // An mkv target that lists srt keeps the file as it is.
        var mkv = await DownloadConvertedAsync(Uri.EscapeDataString(
            "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=h264&audioCodec=aac&subtitleCodec=srt&replace=true)"));
        Assert.Equal(("copy", "srt", "embedded"), mkv.Sidecar);
        Assert.Equal("subrip", mkv.Codec);
        Assert.Contains("Hello from the English sidecar", mkv.Text); // timings move by the encoder's start offset

        // A target whose subtitle codecs leave srt out gets no subtitle track.
        var none = await DownloadConvertedAsync(Uri.EscapeDataString(
            "add-transcode-target(type=videoProfile&context=static&protocol=http&container=mkv&videoCodec=h264&audioCodec=aac&subtitleCodec=ass&replace=true)"));
        Assert.Equal("ignore", none.Sidecar.Decision);
        Assert.Null(none.Codec);
    }

    private sealed record Download((string? Decision, string? Codec, string? Location) Sidecar, string? Codec, string? Text);

    /// <summary>Queues the convert-only movie with the profile extra, downloads it and reads its subtitle track back.</summary>
    private async Task<Download> DownloadConvertedAsync(string profileExtra)
    {
        var client = factory.CreatePlexClient(clientIdentifier: "sidecar-" + Guid.NewGuid().ToString("N")[..8]);
        await MovieKeyAsync(client);
        var key = await client.RatingKeyOfAsync(3, "Convert Sub");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, key, profileExtra.Length == 0 ? "" : "&X-Plex-Client-Profile-Extra=" + profileExtra);
        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.True((string?)item["status"] == "available", item.ToJsonString());

        var decision = await client.GetContainerAsync($"/downloadQueue/{queueId}/item/{itemId}/decision");
        var part = decision.Metadata().Single().GetProperty("Media")[0].GetProperty("Part")[0];
        var sidecar = part.GetProperty("Stream").EnumerateArray().Single(s => s.TryGetProperty("key", out _));
        var plan = (sidecar.GetProperty("decision").GetString(), sidecar.GetProperty("codec").GetString(),
            sidecar.TryGetProperty("location", out var location) ? location.GetString() : null);

        var container = decision.Metadata().Single().GetProperty("Media")[0].GetProperty("container").GetString();
        var file = Path.Combine(factory.Root, $"sidecar-{itemId}.{container}");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync($"/downloadQueue/{queueId}/item/{itemId}/media"));
        using var probe = TestMedia.Probe(file);
        var subtitle = probe.RootElement.GetProperty("streams").EnumerateArray()
            .Where(s => s.GetProperty("codec_type").GetString() == "subtitle").Select(s => s.GetProperty("codec_name").GetString()).SingleOrDefault();
        string? text = null;
        if (subtitle is not null)
        {
            var srt = file + ".srt";
            TestMedia.Ffmpeg($"-i \"{file}\" -map 0:s:0 \"{srt}\"");
            text = (await File.ReadAllTextAsync(srt)).ReplaceLineEndings("\n");
        }
        return new Download(plan, subtitle, text);
    }

    /// <summary>Sidecar stream id by language code plus flags (forced, hearingImpaired), e.g. "eng", "eng forced", "none".</summary>
    private static Dictionary<string, string> SidecarIds(XElement part) => part.Descendants("Stream")
        .Where(s => s.Attribute("key") is not null)
        .ToDictionary(
            s => (s.Attribute("languageCode")?.Value ?? "none") + (s.Attribute("forced")!.Value == "1" ? " forced" : "") + (s.Attribute("hearingImpaired") is null ? "" : " sdh"),
            s => s.Attribute("id")!.Value);
}
