using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>A one-byte quota: any converted file fills the cache, so every conversion must make room first.</summary>
public sealed class TinyCacheServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Transcoder:CacheLimit"] = "1B",
        ["Transcoder:MaxConcurrent"] = "2",
        ["Transcoder:Preset"] = "slow",
    };
}

public class CacheLimitTests(TinyCacheServerFactory factory) : IClassFixture<TinyCacheServerFactory>
{
    [Fact]
    public async Task Over_the_quota_the_oldest_available_item_expires_to_make_room()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "quota-evict");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Convert Movie");
        var older = await client.AddAsync(queueId, key, "&videoResolution=160x120");
        await client.WaitForStatusAsync(queueId, older, "available");
        var olderFile = Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{older}-*").Single();

        var newer = await client.AddAsync(queueId, key, "&videoResolution=320x240");
        await client.WaitForStatusAsync(queueId, newer, "available");
        Assert.Equal("expired", (string)(await client.GetItemAsync(queueId, older))["status"]!);
        Assert.False(File.Exists(olderFile));
        Assert.Equal(HttpStatusCode.Gone, (await client.GetAsync($"/downloadQueue/{queueId}/item/{older}/media")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/downloadQueue/{queueId}/item/{newer}/media")).StatusCode);
    }

    [Fact]
    public async Task A_new_conversion_waits_while_only_a_running_job_fills_the_cache_then_runs()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "quota-wait");
        var queueId = await client.CreateQueueAsync();
        var running = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Slow Movie"), "&directStream=0");
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true) // until the running job has written output into the cache's temp folder
        {
            var item = await client.GetItemAsync(queueId, running);
            if ((string)item["status"]! == "processing" && (long?)item["TranscodeSession"]?["size"] > 0) break;
            Assert.NotEqual("available", (string)item["status"]!);
            Assert.True(DateTime.UtcNow < deadline, $"the slow conversion never wrote output: {item.ToJsonString()}");
            await Task.Delay(100);
        }

        // A second converter is free (MaxConcurrent=2) but the quota is not: the new item stays waiting, never error.
        var waiting = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"), "&videoResolution=160x120");
        await client.WaitForStatusAsync(queueId, waiting, "waiting", "processing", "available", "error");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("waiting", (string)(await client.GetItemAsync(queueId, waiting))["status"]!);
            await Task.Delay(300);
        }
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/downloadQueue/{queueId}/item/{waiting}/media")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/downloadQueue/{queueId}/items/{running}")).StatusCode);
        await client.WaitForStatusAsync(queueId, waiting, "available");
    }
}
