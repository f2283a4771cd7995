using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>RFC 9110: a Range in another unit than bytes, or an If-Range that matches no validator, gets the whole file (200).</summary>
public class RangeRequestTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private const int Movies = 1;

    private async Task<(HttpClient Client, string Url, byte[] Original)> DirectPlayItemAsync(string clientIdentifier)
    {
        var client = factory.CreatePlexClient(clientIdentifier: clientIdentifier);
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Direct Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");
        await client.WaitForStatusAsync(queueId, itemId, "available");
        var original = await File.ReadAllBytesAsync(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie));
        return (client, $"/downloadQueue/{queueId}/item/{itemId}/media", original);
    }

    private static async Task<HttpResponseMessage> GetWithAsync(HttpClient client, string url, params (string Name, string Value)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        foreach (var (name, value) in headers) Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_range_in_another_unit_than_bytes_gets_the_whole_file()
    {
        var (client, url, original) = await DirectPlayItemAsync("range-items");

        using var response = await GetWithAsync(client, url, ("Range", "items=0-5"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_if_range_entity_tag_that_matches_nothing_gets_the_whole_file()
    {
        var (client, url, original) = await DirectPlayItemAsync("range-etag");

        using var response = await GetWithAsync(client, url, ("Range", "bytes=0-5"), ("If-Range", "\"no-such-etag\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(original, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_if_range_date_other_than_last_modified_gets_the_whole_file_and_the_exact_date_gets_the_range()
    {
        var (client, url, original) = await DirectPlayItemAsync("range-date");
        using var plain = await client.GetAsync(url);
        var lastModified = plain.Content.Headers.LastModified ?? throw new InvalidOperationException("no Last-Modified");

        using var later = await GetWithAsync(client, url, ("Range", "bytes=0-5"), ("If-Range", lastModified.AddDays(1).ToString("R")));
        using var exact = await GetWithAsync(client, url, ("Range", "bytes=0-5"), ("If-Range", lastModified.ToString("R")));

        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
        Assert.Equal(original, await later.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.PartialContent, exact.StatusCode);
        Assert.Equal(original[..6], await exact.Content.ReadAsByteArrayAsync());
    }
}
