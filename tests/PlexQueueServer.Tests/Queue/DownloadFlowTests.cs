using System.Net;
using System.Net.Http.Headers;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>The whole client flow against real ffmpeg: add, poll, download, play the file with ffprobe.</summary>
public class DownloadFlowTests(PlexServerFactory factory) : DownloadFlowTestsOn<PlexServerFactory>(factory);

/// <summary>The same tests on PostgreSQL (Database:Provider=Postgres).</summary>
public class DownloadFlowTestsOnPostgres(DownloadFlowTestsOnPostgres.Factory factory) : DownloadFlowTestsOn<DownloadFlowTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : PlexServerFactory { public override bool UsePostgres => true; }
}

public abstract class DownloadFlowTestsOn<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlexServerFactory
{
    private const int Movies = 1, Music = 2;

    [Fact]
    public async Task Direct_play_serves_the_original_bytes_with_range_and_head()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "direct");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Direct Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");

        var item = await client.WaitForStatusAsync(queueId, itemId, "available");
        Assert.Equal(1000, (int)item["DecisionResult"]!["directPlayDecisionCode"]!);
        Assert.Null(item["DecisionResult"]!["transcodeDecisionCode"]);
        Assert.Null(item["TranscodeSession"]);

        var original = await File.ReadAllBytesAsync(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie));
        var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Direct Movie (2020).mp4", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName!.Trim('"'));

        var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/downloadQueue/{queueId}/item/{itemId}/media"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(original.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Contains("bytes", head.Headers.AcceptRanges);

        var range = new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/item/{itemId}/media");
        range.Headers.Range = new RangeHeaderValue(100, 199);
        var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(original[100..200], await partial.Content.ReadAsByteArrayAsync());

        var decision = await client.GetJsonAsync($"/downloadQueue/{queueId}/item/{itemId}/decision");
        var part = decision["MediaContainer"]!["Metadata"]![0]!["Media"]![0]!["Part"]![0]!;
        Assert.Equal("directplay", (string)part["decision"]!);
        Assert.Equal(original.Length, (long)part["size"]!);
        Assert.All(part["Stream"]!.AsArray(), s => Assert.Equal("copy", (string)s!["decision"]!));
    }

    [Fact]
    public async Task Conversion_answers_503_until_done_then_serves_a_playable_h264_aac_mp4_within_the_caps()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "convert");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Convert Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1&videoResolution=160x120&audioChannelCount=1");

        var early = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        if (early.StatusCode == HttpStatusCode.ServiceUnavailable)
            Assert.True(int.TryParse(early.Headers.GetValues("Retry-After").Single(), out _));

        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.Equal("available", (string)item["status"]!);
        Assert.Equal(1001, (int)item["DecisionResult"]!["generalDecisionCode"]!);
        Assert.Equal(3000, (int)item["DecisionResult"]!["directPlayDecisionCode"]!);

        var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(factory.Root, $"converted-{itemId}.mp4");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        using var probe = TestMedia.Probe(file);
        var streams = probe.RootElement.GetProperty("streams").EnumerateArray().ToList();
        var video = streams.Single(s => s.GetProperty("codec_type").GetString() == "video");
        var audio = streams.Single(s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal("h264", video.GetProperty("codec_name").GetString());
        Assert.True(video.GetProperty("width").GetInt32() <= 160 && video.GetProperty("height").GetInt32() <= 120);
        Assert.Equal("aac", audio.GetProperty("codec_name").GetString());
        Assert.Equal(1, audio.GetProperty("channels").GetInt32());
        Assert.Contains("mp4", probe.RootElement.GetProperty("format").GetProperty("format_name").GetString());

        var decision = await client.GetJsonAsync($"/downloadQueue/{queueId}/item/{itemId}/decision");
        var part = decision["MediaContainer"]!["Metadata"]![0]!["Media"]![0]!["Part"]![0]!;
        Assert.Equal("transcode", (string)part["decision"]!);
        Assert.Null(part["file"]);
        Assert.Contains(part["Stream"]!.AsArray(), s => (string)s!["decision"]! == "transcode" && (int)s["streamType"]! == 1);
    }

    [Fact]
    public async Task Music_converts_flac_to_mp3_under_the_music_bitrate()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "music");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Music, "Flac Song", type: "10");
        var itemId = await client.AddAsync(queueId, key, "&musicBitrate=128");

        await client.WaitForStatusAsync(queueId, itemId, "available");
        var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType!.MediaType);
        var file = Path.Combine(factory.Root, $"song-{itemId}.mp3");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        using var probe = TestMedia.Probe(file);
        var audio = probe.RootElement.GetProperty("streams")[0];
        Assert.Equal("mp3", audio.GetProperty("codec_name").GetString());
        Assert.True(int.Parse(audio.GetProperty("bit_rate").GetString()!) <= 128_000);
    }

    [Fact]
    public async Task A_converted_file_stays_under_the_requested_video_bitrate()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "bitrate");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Slow Movie");
        var itemId = await client.AddAsync(queueId, key, "&videoBitrate=300&videoResolution=320x240");
        await client.WaitForStatusAsync(queueId, itemId, "available");

        var file = Path.Combine(factory.Root, $"capped-{itemId}.mp4");
        await File.WriteAllBytesAsync(file, await client.GetByteArrayAsync($"/downloadQueue/{queueId}/item/{itemId}/media"));
        using var probe = TestMedia.Probe(file);
        var video = probe.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("codec_type").GetString() == "video");
        Assert.True(int.Parse(video.GetProperty("bit_rate").GetString()!) <= 300_000, "video bitrate above the 300 kbps cap");
        Assert.Equal(320, video.GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task Restart_reconverts_with_the_same_id_and_discards_the_old_file()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "restart");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Convert Movie");
        var itemId = await client.AddAsync(queueId, key, "&videoResolution=160x120");
        await client.WaitForStatusAsync(queueId, itemId, "available");
        var before = Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{itemId}-*").Single();

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/downloadQueue/{queueId}/items/{itemId}/restart", null)).StatusCode);
        var item = await client.WaitForStatusAsync(queueId, itemId, "available");
        Assert.Equal(itemId, (int)item["id"]!);
        Assert.False(File.Exists(before));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media")).StatusCode);
    }
}
