using System.Text.Json.Nodes;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Notifications;

namespace PlexQueueServer.Tests.Queue;

/// <summary>
/// GET …/items is answered from memory while a queue is unchanged: every change a client makes or the server makes
/// (add, decision, conversion finished, restart, delete) shows in the very next list.
/// </summary>
public sealed class ItemListFreshnessTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private static async Task<Dictionary<int, string>> ListAsync(HttpClient client, int queue)
    {
        var json = await client.GetJsonAsync($"/downloadQueue/{queue}/items");
        var items = json["MediaContainer"]!["DownloadQueueItem"]?.AsArray() ?? new JsonArray();
        Assert.Equal(items.Count, (int)json["MediaContainer"]!["totalSize"]!);
        return items.ToDictionary(i => (int)i!["id"]!, i => (string)i!["status"]!);
    }

    /// <summary>Lists the queue until it has been quiet long enough to be kept in memory, and returns the kept list.</summary>
    private static async Task<Dictionary<int, string>> KeptListAsync(HttpClient client, int queue)
    {
        await Task.Delay(1200); // a queue changed within the last second is read page by page, not kept
        var first = await ListAsync(client, queue);
        Assert.Equal(first, await ListAsync(client, queue));
        return first;
    }

    [Fact]
    public async Task Adds_decisions_and_deletes_show_in_the_next_list()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "fresh-list");
        var queue = await client.CreateQueueAsync();
        var direct = await client.AddAsync(queue, await client.FindRatingKeyAsync(1, "Direct Movie"));
        await client.WaitForStatusAsync(queue, direct, "available");
        Assert.Equal("available", (await KeptListAsync(client, queue))[direct]);

        var song = await client.AddAsync(queue, await client.FindRatingKeyAsync(2, "Mp3 Song", type: "10"));
        Assert.Contains(song, (await ListAsync(client, queue)).Keys);
        await client.WaitForStatusAsync(queue, song, "available");
        Assert.Equal("available", (await ListAsync(client, queue))[song]);

        await KeptListAsync(client, queue);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.DeleteAsync($"/downloadQueue/{queue}/items/{song}")).StatusCode);
        Assert.Equal([direct], (await ListAsync(client, queue)).Keys);
    }

    [Fact]
    public async Task A_conversion_and_its_restart_show_in_the_list_as_soon_as_the_item_does()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "fresh-conversion");
        var queue = await client.CreateQueueAsync();
        var first = await client.AddAsync(queue, await client.FindRatingKeyAsync(1, "Direct Movie"));
        await client.WaitForStatusAsync(queue, first, "available");
        await KeptListAsync(client, queue);

        var converting = await client.AddAsync(queue, await client.FindRatingKeyAsync(1, "Slow Movie"), Notification.OwnConversion());
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var itemStatus = (string)(await client.GetItemAsync(queue, converting))["status"]!;
            var listed = (await ListAsync(client, queue))[converting];
            if (seen.Count == 0 || seen[^1] != listed) seen.Add(listed);
            if (itemStatus == "available")
            {
                // The item route said available first: the list, asked right after, cannot be behind it.
                Assert.Equal("available", listed);
                break;
            }
            await Task.Delay(50);
        }
        Assert.Equal("available", seen[^1]);
        Assert.Contains("processing", seen);

        // Restarted, it converts again: the next list cannot still say available.
        await KeptListAsync(client, queue);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.PostAsync($"/downloadQueue/{queue}/items/{converting}/restart", null)).StatusCode);
        Assert.NotEqual("available", (await ListAsync(client, queue))[converting]);
        await client.WaitForStatusAsync(queue, converting, "available");
        Assert.Equal("available", (await ListAsync(client, queue))[converting]);
    }
}
