using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

public sealed class ShortLifetimeServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Transcoder:ItemLifetime"] = "00:00:02",
        ["Transcoder:ExpirySweepInterval"] = "00:00:00.500",
    };
}

public class ExpiryTests(ShortLifetimeServerFactory factory) : IClassFixture<ShortLifetimeServerFactory>
{
    [Fact]
    public async Task Available_items_expire_after_the_lifetime_their_file_is_deleted_and_media_is_gone()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "expiry");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Convert Movie");
        var itemId = await client.AddAsync(queueId, key, "&videoResolution=160x120");
        await client.WaitForStatusAsync(queueId, itemId, "available");
        var file = Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{itemId}-*").Single();

        await client.WaitForStatusAsync(queueId, itemId, "expired");
        Assert.False(File.Exists(file));
        var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(HttpStatusCode.Gone, media.StatusCode);
        Assert.Contains("expired", await media.Content.ReadAsStringAsync());
        // Expired counts as done for the queue.
        Assert.Equal("done", (string)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["status"]!);
    }
}
