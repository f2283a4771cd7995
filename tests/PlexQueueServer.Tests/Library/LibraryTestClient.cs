using System.Text.Json;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>JSON helpers shared by the library API tests; the initial scan runs in the background, so poll.</summary>
internal static class LibraryTestClient
{
    public static async Task<JsonElement> GetContainerAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("MediaContainer").Clone();
    }

    public static IEnumerable<JsonElement> Metadata(this JsonElement container) =>
        container.TryGetProperty("Metadata", out var items) ? items.EnumerateArray() : [];

    public static IReadOnlyList<string> Titles(this JsonElement container) =>
        container.Metadata().Select(m => m.GetProperty("title").GetString()!).ToList();

    /// <summary>Polls a listing until it satisfies the condition (the scan is asynchronous); fails after the timeout.</summary>
    public static async Task<JsonElement> WaitForAsync(this HttpClient client, string url, Func<JsonElement, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var container = await client.GetContainerAsync(url);
            if (done(container)) return container;
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out waiting on {url}; last answer: {container}");
            await Task.Delay(200);
        }
    }

    public static Task<JsonElement> WaitForMoviesAsync(this HttpClient client, int count = 3) =>
        client.WaitForAsync("/library/sections/1/all", c => c.Metadata().Count() >= count);

    public static async Task<int> RatingKeyOfAsync(this HttpClient client, int sectionId, string title, string? type = null)
    {
        var url = $"/library/sections/{sectionId}/all" + (type is null ? "" : $"?type={type}");
        var container = await client.WaitForAsync(url, c => c.Titles().Contains(title));
        var item = container.Metadata().First(m => m.GetProperty("title").GetString() == title);
        return int.Parse(item.GetProperty("ratingKey").GetString()!);
    }
}
