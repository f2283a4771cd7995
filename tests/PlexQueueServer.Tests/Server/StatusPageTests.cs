using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

public class StatusPageTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private const int Movies = 1;

    [Fact]
    public async Task The_status_page_shows_the_users_queue_items_and_a_download_link_once_available()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "status-phone");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Direct Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");
        await client.WaitForStatusAsync(queueId, itemId, "available");

        var anonymous = factory.CreatePlexClient(token: null);
        var response = await anonymous.GetAsync($"/web?X-Plex-Token={PlexServerFactory.AliceToken}");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<meta http-equiv=\"refresh\"", html);
        Assert.Contains($"id=\"queue-{queueId}\"", html);
        Assert.Contains("status-phone", html);
        Assert.Contains($"id=\"item-{itemId}\" class=\"available\"", html);
        Assert.Contains("Direct Movie", html);
        Assert.Contains("<progress max=\"100\" value=\"100\">", html);
        Assert.Contains("Direct Play", html, StringComparison.OrdinalIgnoreCase);
        var link = $"/downloadQueue/{queueId}/item/{itemId}/media?X-Plex-Token={PlexServerFactory.AliceToken}";
        Assert.Contains($"href=\"{link}\"", html);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task The_status_page_needs_a_token_and_shows_only_the_callers_queues()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "alice-private");
        var queueId = await alice.CreateQueueAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreatePlexClient(token: null).GetAsync("/web")).StatusCode);
        var bobs = await factory.CreatePlexClient(token: PlexServerFactory.BobToken).GetStringAsync("/web");
        Assert.DoesNotContain("alice-private", bobs);
        Assert.DoesNotContain($"id=\"queue-{queueId}\"", bobs);
        Assert.Contains("bob", bobs);
    }

    [Theory]
    [InlineData(PlexServerFactory.AliceToken, HttpStatusCode.OK)]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    public async Task The_status_page_forbids_framing_sniffing_and_anything_but_its_own_style(string? token, HttpStatusCode status)
    {
        var response = await factory.CreatePlexClient(token: token).GetAsync("/web");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("script-src", policy); // the page has no script, so none may run
        if (status != HttpStatusCode.OK) return;
        // The inline stylesheet is allowed by its hash, so the page still looks as designed.
        var style = System.Text.RegularExpressions.Regex.Match(html, "<style>(.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(style)));
        Assert.Contains($"style-src 'sha256-{hash}'", policy);
    }
}
