using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

public sealed class SmallCapsServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Queue:MaxItemsPerQueue"] = "3",
        ["Queue:MaxKeysPerAdd"] = "5",
    };
}

public class LimitsTests(SmallCapsServerFactory factory) : IClassFixture<SmallCapsServerFactory>
{
    private static string Keys(int first, int count) => string.Join(",", Enumerable.Range(first, count).Select(k => $"/library/metadata/{k}"));

    [Fact]
    public async Task More_keys_than_MaxKeysPerAdd_is_400_and_stores_nothing()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "keys-cap");
        var queueId = await client.CreateQueueAsync();
        var response = await client.PostAsync($"/downloadQueue/{queueId}/add?keys={Keys(700001, 6)}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("At most 5 keys per add", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }

    [Fact]
    public async Task Adding_beyond_MaxItemsPerQueue_is_429_and_keeps_the_queue_as_it_was()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "items-cap");
        var queueId = await client.CreateQueueAsync();
        await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys={Keys(710001, 2)}");

        var over = await client.PostAsync($"/downloadQueue/{queueId}/add?keys={Keys(710003, 2)}", null);
        Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
        Assert.Contains("at most 3 items", await over.Content.ReadAsStringAsync());
        Assert.Equal(2, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);

        // Re-adding existing keys is not growth; the last free place can still be taken.
        await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys={Keys(710001, 3)}");
        Assert.Equal(3, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }
}
