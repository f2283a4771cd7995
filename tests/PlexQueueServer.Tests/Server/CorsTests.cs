using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

/// <summary>A browser-hosted client: preflights without a token, then requests from its origin that may read the headers.</summary>
public class CorsTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private const string Origin = "https://app.plex.tv";

    private static HttpRequestMessage Preflight(string url, string method = "GET") => new(HttpMethod.Options, url)
    {
        Headers =
        {
            { "Origin", Origin },
            { "Access-Control-Request-Method", method },
            { "Access-Control-Request-Headers", "x-plex-token,x-plex-client-identifier,x-plex-product,accept" },
        },
    };

    [Theory]
    [InlineData("/", "GET")]
    [InlineData("/identity", "GET")]
    [InlineData("/library/sections/all", "GET")]
    [InlineData("/downloadQueue", "POST")]
    [InlineData("/downloadQueue/1/items/5", "DELETE")]
    [InlineData("/downloadQueue/1/item/1/media", "GET")]
    [InlineData("/photo/:/transcode?url=%2Flibrary%2Fmetadata%2F1%2Fthumb%2F1&width=10", "GET")]
    public async Task A_preflight_is_answered_without_a_token_for_every_route(string url, string method)
    {
        using var response = await factory.CreatePlexClient(token: null, clientIdentifier: null, json: false).SendAsync(Preflight(url, method));
        Assert.True(response.StatusCode is HttpStatusCode.NoContent or HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var allowed = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
        Assert.Contains("x-plex-token", allowed);
        Assert.Contains("x-plex-client-identifier", allowed);
        Assert.Contains(method, string.Join(",", response.Headers.GetValues("Access-Control-Allow-Methods")));
    }

    [Fact]
    public async Task A_request_from_an_origin_may_read_the_paging_download_and_retry_headers()
    {
        var client = factory.CreatePlexClient();
        client.DefaultRequestHeaders.Add("Origin", Origin);
        using var response = await client.GetAsync("/library/sections/1/all");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        var exposed = string.Join(",", response.Headers.GetValues("Access-Control-Expose-Headers"));
        foreach (var header in new[] { "Content-Disposition", "Retry-After", "X-Plex-Container-Start", "X-Plex-Container-Size", "X-Plex-Container-Total-Size" })
            Assert.Contains(header, exposed, StringComparison.OrdinalIgnoreCase);

        client.DefaultRequestHeaders.Remove("X-Plex-Token");
        using var refused = await client.GetAsync("/library/sections/all");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("*", refused.Headers.GetValues("Access-Control-Allow-Origin").Single()); // so the page can read why
    }
}

/// <summary>Server:CorsOrigins narrows the origins browsers may call from.</summary>
public class CorsOriginListTests(CorsOriginListTests.Factory factory) : IClassFixture<CorsOriginListTests.Factory>
{
    public sealed class Factory : PlexServerFactory
    {
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Server:CorsOrigins:0"] = "https://allowed.example", ["Server:CorsOrigins:1"] = "http://localhost:8080",
        };
    }

    [Theory]
    [InlineData("https://allowed.example", true)]
    [InlineData("http://localhost:8080", true)]
    [InlineData("https://other.example", false)]
    public async Task Only_listed_origins_get_access(string origin, bool allowed)
    {
        var client = factory.CreatePlexClient();
        client.DefaultRequestHeaders.Add("Origin", origin);
        using var response = await client.GetAsync("/identity");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowed ? origin : null, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null);
    }
}
