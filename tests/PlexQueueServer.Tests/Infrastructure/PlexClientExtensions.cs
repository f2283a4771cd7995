using System.Text.Json.Nodes;

namespace PlexQueueServer.Tests.Infrastructure;

/// <summary>What a Plex client does repeatedly: read JSON, find a library key, poll an item.</summary>
public static class PlexClientExtensions
{
    public static async Task<JsonNode> GetJsonAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> PostJsonAsync(this HttpClient client, string url)
    {
        var response = await client.PostAsync(url, null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {url} → {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The rating key of a library item by title, waiting for the start-up scan to list it.</summary>
    public static async Task<int> FindRatingKeyAsync(this HttpClient client, int sectionId, string title, string? type = null)
    {
        var url = $"/library/sections/{sectionId}/all" + (type is null ? "" : $"?type={type}");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var response = await client.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                var match = json["MediaContainer"]?["Metadata"]?.AsArray().FirstOrDefault(m => (string?)m?["title"] == title);
                if (match is not null) return int.Parse((string)match["ratingKey"]!);
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"'{title}' never appeared in section {sectionId}.");
            await Task.Delay(200);
        }
    }

    public static async Task<int> CreateQueueAsync(this HttpClient client) =>
        (int)(await client.PostJsonAsync("/downloadQueue"))["MediaContainer"]!["DownloadQueue"]![0]!["id"]!;

    public static async Task<int> AddAsync(this HttpClient client, int queueId, int ratingKey, string parameters = "")
    {
        var json = await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/{ratingKey}{parameters}");
        return (int)json["MediaContainer"]!["AddedQueueItems"]![0]!["id"]!;
    }

    public static async Task<JsonNode> GetItemAsync(this HttpClient client, int queueId, int itemId) =>
        (await client.GetJsonAsync($"/downloadQueue/{queueId}/items/{itemId}"))["MediaContainer"]!["DownloadQueueItem"]![0]!;

    /// <summary>Polls the item as a client does until it reaches one of the statuses.</summary>
    public static async Task<JsonNode> WaitForStatusAsync(this HttpClient client, int queueId, int itemId, params string[] statuses)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var item = await client.GetItemAsync(queueId, itemId);
            if (statuses.Contains((string?)item["status"])) return item;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Item {itemId} stayed {item["status"]}: {item.ToJsonString()}");
            await Task.Delay(100);
        }
    }
}
