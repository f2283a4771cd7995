using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Conversion;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>Four converters, so identical items run side by side and must follow one job rather than start their own.</summary>
public sealed class FourConvertersServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Transcoder:MaxConcurrent"] = "4",
        ["Transcoder:Preset"] = "veryfast", // the 60 s movie takes seconds: long enough for others to join the running job
    };
}

/// <summary>Identical requests from different users and devices share one ffmpeg run and one file (hard links).</summary>
public class SharedConversionTests(FourConvertersServerFactory factory) : IClassFixture<FourConvertersServerFactory>
{
    private SharedConversions Shared => factory.Services.GetRequiredService<SharedConversions>();
    private string CachePath => factory.Services.GetRequiredService<ResolvedPaths>().CachePath;

    private async Task<List<(HttpClient Client, int Queue, int Item)>> AddFromFourDevicesAsync(string title, string parameters, string tag)
    {
        var added = new List<(HttpClient, int, int)>();
        foreach (var (token, device) in new[] { (PlexServerFactory.AliceToken, "phone"), (PlexServerFactory.AliceToken, "tablet"),
                     (PlexServerFactory.BobToken, "phone"), (PlexServerFactory.BobToken, "laptop") })
        {
            var client = factory.CreatePlexClient(token, $"{tag}-{device}");
            var queue = await client.CreateQueueAsync();
            added.Add((client, queue, await client.AddAsync(queue, await client.FindRatingKeyAsync(1, title), parameters)));
        }
        return added;
    }

    private string CacheFileOf(int itemId) => Directory.EnumerateFiles(CachePath, $"{itemId}-*").Single();

    [Fact]
    public async Task Four_users_asking_for_the_same_movie_get_one_ffmpeg_run_and_four_playable_files()
    {
        var items = await AddFromFourDevicesAsync("Slow Movie", "&directStream=0&videoResolution=320x240", "four");
        foreach (var (client, queue, item) in items)
            Assert.Equal("available", (string)(await client.WaitForStatusAsync(queue, item, "available", "error"))["status"]!);

        // Counted per item: this class's other tests may still be ending their own jobs.
        Assert.True(items.Sum(i => Shared.FfmpegRunsFor(i.Item)) == 1, $"ffmpeg runs per item: {string.Join(", ", items.Select(i => $"{i.Item}: {Shared.FfmpegRunsFor(i.Item)}"))}");
        var lengths = new List<long>();
        foreach (var (client, queue, item) in items)
        {
            var media = await client.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
            Assert.True(media.StatusCode == HttpStatusCode.OK, $"{item}: {await media.Content.ReadAsStringAsync()} {string.Join(",", Directory.EnumerateFiles(CachePath))} {(await client.GetItemAsync(queue, item)).ToJsonString()}");
            lengths.Add((await media.Content.ReadAsByteArrayAsync()).Length);
        }
        Assert.Single(lengths.Distinct());
        // One file on disk under four names: the same inode.
        Assert.Single(items.Select(i => HardLinks.Identity(CacheFileOf(i.Item))).Distinct());
        using var probe = TestMedia.Probe(CacheFileOf(items[3].Item));
        Assert.Contains(probe.RootElement.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_name").GetString() == "h264");

        // Deleting one user's item leaves the others' files whole.
        var (first, firstQueue, firstItem) = items[0];
        Assert.Equal(HttpStatusCode.OK, (await first.DeleteAsync($"/downloadQueue/{firstQueue}/items/{firstItem}")).StatusCode);
        Assert.Empty(Directory.EnumerateFiles(CachePath, $"{firstItem}-*"));
        foreach (var (client, queue, item) in items.Skip(1))
        {
            var media = await client.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
            Assert.Equal(HttpStatusCode.OK, media.StatusCode);
            Assert.Equal(lengths[0], (await media.Content.ReadAsByteArrayAsync()).Length);
        }
    }

    [Fact]
    public async Task An_item_added_after_the_conversion_finished_reuses_the_file_and_a_restart_converts_afresh_for_that_item_only()
    {
        var alice = factory.CreatePlexClient(PlexServerFactory.AliceToken, "later-alice");
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, "later-bob");
        var key = await alice.FindRatingKeyAsync(1, "Convert Movie");
        const string parameters = "&videoResolution=160x120";
        var aliceQueue = await alice.CreateQueueAsync();
        var bobQueue = await bob.CreateQueueAsync();
        var first = await alice.AddAsync(aliceQueue, key, parameters);
        await alice.WaitForStatusAsync(aliceQueue, first, "available");
        var second = await bob.AddAsync(bobQueue, key, parameters);
        await bob.WaitForStatusAsync(bobQueue, second, "available");
        Assert.Equal((1, 0), (Shared.FfmpegRunsFor(first), Shared.FfmpegRunsFor(second)));
        Assert.Equal(HardLinks.Identity(CacheFileOf(first)), HardLinks.Identity(CacheFileOf(second)));

        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync($"/downloadQueue/{bobQueue}/items/{second}/restart", null)).StatusCode);
        await bob.WaitForStatusAsync(bobQueue, second, "available");
        Assert.Equal((1, 1), (Shared.FfmpegRunsFor(first), Shared.FfmpegRunsFor(second)));
        Assert.NotEqual(HardLinks.Identity(CacheFileOf(first)), HardLinks.Identity(CacheFileOf(second)));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync($"/downloadQueue/{aliceQueue}/item/{first}/media")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/downloadQueue/{bobQueue}/item/{second}/media")).StatusCode);
    }

    [Fact]
    public async Task A_follower_shows_the_running_jobs_progress_and_converts_itself_when_that_item_is_deleted()
    {
        var alice = factory.CreatePlexClient(PlexServerFactory.AliceToken, "leader-gone");
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, "follower");
        var key = await alice.FindRatingKeyAsync(1, "Slow Movie");
        const string parameters = "&directStream=0&videoResolution=480x360";
        var aliceQueue = await alice.CreateQueueAsync();
        var bobQueue = await bob.CreateQueueAsync();
        var leader = await alice.AddAsync(aliceQueue, key, parameters);
        await WaitForProgressAsync(alice, aliceQueue, leader);
        var follower = await bob.AddAsync(bobQueue, key, parameters);
        var following = await WaitForProgressAsync(bob, bobQueue, follower);
        Assert.Equal(0, Shared.FfmpegRunsFor(follower)); // progress, yet no ffmpeg of its own

        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/downloadQueue/{aliceQueue}/items/{leader}")).StatusCode);
        Assert.Equal("available", (string)(await bob.WaitForStatusAsync(bobQueue, follower, "available", "error"))["status"]!);
        Assert.Equal((1, 1), (Shared.FfmpegRunsFor(leader), Shared.FfmpegRunsFor(follower)));
        Assert.True((double)following["TranscodeSession"]!["progress"]! > 0);
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync($"/downloadQueue/{bobQueue}/item/{follower}/media")).StatusCode);
    }

    [Fact]
    public void The_cache_quota_counts_a_file_shared_by_hard_links_once()
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-links-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var paths = new ResolvedPaths(Options.Create(new ServerOptions { DataPath = root }), Options.Create(new TranscoderOptions()));
            File.WriteAllBytes(Path.Combine(paths.CachePath, "1-0.mp4"), new byte[10_000]);
            Assert.True(HardLinks.TryCreate(Path.Combine(paths.CachePath, "1-0.mp4"), Path.Combine(paths.CachePath, "2-0.mp4"), out _));
            Assert.True(HardLinks.TryCreate(Path.Combine(paths.CachePath, "1-0.mp4"), Path.Combine(paths.CachePath, "3-0.mp4"), out _));
            File.WriteAllBytes(Path.Combine(paths.CachePath, "4-0.mp4"), new byte[500]);
            Assert.Equal(10_500, global::PlexQueueServer.Queue.CacheFiles.UsedBytes(paths));
            File.Delete(Path.Combine(paths.CachePath, "1-0.mp4")); // one name gone: the others still hold the data
            Assert.Equal(10_000, new FileInfo(Path.Combine(paths.CachePath, "3-0.mp4")).Length);
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    /// <summary>Until the item is processing with a session that reports progress (ffmpeg's first lines).</summary>
    private static async Task<JsonNode> WaitForProgressAsync(HttpClient client, int queue, int item)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var node = await client.GetItemAsync(queue, item);
            if ((string)node["status"]! == "processing" && (double?)node["TranscodeSession"]?["progress"] > 0) return node;
            Assert.NotEqual("available", (string)node["status"]!);
            Assert.True(DateTime.UtcNow < deadline, $"item {item} never showed progress: {node.ToJsonString()}");
            await Task.Delay(50);
        }
    }
}
