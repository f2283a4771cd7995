using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Web;

namespace PlexQueueServer.Tests.Web;

/// <summary>The shared library with alice as an admin (Auth:Users:0:Admin) and bob as a plain user.</summary>
public class AdminServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Auth:Users:0:Admin"] = "true" };
}

/// <summary>/web over HTTP: open files under a strict CSP, the account and admin endpoints, and the signed download links.</summary>
public sealed class WebAppTests(AdminServerFactory factory) : IClassFixture<AdminServerFactory>
{
    private const int Movies = 1;

    [Fact]
    public async Task The_web_app_opens_without_a_token_and_runs_only_its_own_scripts()
    {
        var anonymous = factory.CreatePlexClient(token: null, json: false);
        var response = await anonymous.GetAsync("/web");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("id=\"signin-form\"", html);
        Assert.Contains("<label for=\"token\">", html);
        // Every script is a file of the server: none inline, no inline event handlers.
        var scripts = Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Matches("src=\"/web/[a-z]+\\.js\"", s));
        Assert.DoesNotMatch(" on[a-z]+=", html);
        AssertSecurityHeaders(response);

        var script = await anonymous.GetAsync("/web/app.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("X-Plex-Token", await (await anonymous.GetAsync("/web/api.js")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/web/secrets.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync("/web/..%2Fappsettings.json")).StatusCode);

        // HEAD (link checkers, monitoring) answers like GET without a body, not 401.
        using var head = await anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/web/app.js"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal("text/javascript", head.Content.Headers.ContentType!.MediaType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task The_apps_data_calls_need_the_token_and_say_who_is_admin()
    {
        var refused = await factory.CreatePlexClient(token: null).GetAsync("/web/api/account");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        AssertSecurityHeaders(refused);

        var alice = (await factory.CreatePlexClient().GetJsonAsync("/web/api/account"))["MediaContainer"]!;
        var bob = (await factory.CreatePlexClient(token: PlexServerFactory.BobToken).GetJsonAsync("/web/api/account"))["MediaContainer"]!;
        Assert.Equal(("alice", true), ((string)alice["name"]!, (bool)alice["admin"]!));
        Assert.Equal(("bob", false), ((string)bob["name"]!, (bool)bob["admin"]!));
    }

    [Fact]
    public async Task The_admin_view_is_refused_to_a_plain_user_and_shows_every_users_queues_and_conversions_to_an_admin()
    {
        var bob = factory.CreatePlexClient(token: PlexServerFactory.BobToken, clientIdentifier: "bob-tablet");
        var bobsQueue = await bob.CreateQueueAsync();
        var forbidden = await bob.GetAsync("/web/api/admin");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("admin", forbidden.Headers.GetValues("X-Plex-Error").Single());

        var alice = factory.CreatePlexClient(clientIdentifier: "alice-admin-phone");
        var queueId = await alice.CreateQueueAsync();
        var key = await alice.FindRatingKeyAsync(Movies, "Convert Movie");
        var itemId = await alice.AddAsync(queueId, key, "&directPlay=0&videoResolution=320x240&videoBitrate=500");
        await alice.WaitForStatusAsync(queueId, itemId, "available");

        var admin = (await alice.GetJsonAsync("/web/api/admin"))["MediaContainer"]!;
        var accounts = admin["Account"]!.AsArray();
        var bobs = accounts.Single(a => (string)a!["name"]! == "bob")!["DownloadQueue"]!.AsArray();
        Assert.Contains(bobs, q => (int)q!["id"]! == bobsQueue && (string)q["clientIdentifier"]! == "bob-tablet");
        var alicesQueue = accounts.Single(a => (string)a!["name"]! == "alice")!["DownloadQueue"]!.AsArray().Single(q => (int)q!["id"]! == queueId)!;
        Assert.Equal(1, (int)alicesQueue["available"]!);
        Assert.True((long)admin["cacheUsed"]! > 0, "the converted file counts against the cache");
        Assert.Equal(0, (long)admin["cacheLimit"]!);
        var hours = admin["Hour"]!.AsArray();
        Assert.Equal(24, hours.Count);
        Assert.True((int)hours[^1]!["conversions"]! >= 1, "this hour's bar counts the conversion that just finished");
        Assert.Null(admin["Instance"]); // one SQLite server: no instances part
    }

    [Fact]
    public async Task A_signed_link_downloads_the_file_without_a_token_only_for_its_item_and_only_until_it_expires()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "alice-link-phone");
        var queueId = await alice.CreateQueueAsync();
        var owner = (int)(await alice.PostJsonAsync("/downloadQueue"))["MediaContainer"]!["DownloadQueue"]![0]!["owner"]!;
        var direct = await alice.AddAsync(queueId, await alice.FindRatingKeyAsync(Movies, "Direct Movie"), "&directPlay=1");
        var other = await alice.AddAsync(queueId, await alice.FindRatingKeyAsync(Movies, "Convert Movie"), "&directPlay=1");
        await alice.WaitForStatusAsync(queueId, direct, "available");

        var link = (await alice.PostJsonAsync($"/web/api/link/{queueId}/{direct}"))["MediaContainer"]!;
        var url = (string)link["url"]!;
        Assert.DoesNotContain(PlexServerFactory.AliceToken, url);
        Assert.StartsWith($"/web/download/{queueId}/{direct}?expires=", url);

        var anonymous = factory.CreatePlexClient(token: null, clientIdentifier: null);
        var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = await File.ReadAllBytesAsync(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie));
        Assert.Equal(expected, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);

        var signer = factory.Services.GetRequiredService<MediaLinkSigner>();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var expires = long.Parse(Regex.Match(url, "expires=([0-9]+)").Groups[1].Value);
        var signature = Regex.Match(url, "signature=([^&]+)").Groups[1].Value;
        var expired = now - 5;
        string[] refused =
        [
            $"/web/download/{queueId}/{direct}?expires={expires}&signature={Tamper(signature)}",   // tampered signature
            $"/web/download/{queueId}/{direct}?expires={expires + 1}&signature={signature}",         // tampered expiry
            $"/web/download/{queueId}/{other}?expires={expires}&signature={signature}",              // another item
            $"/web/download/{queueId}/{direct}?expires={expired}&signature={signer.Sign(owner, queueId, direct, expired)}", // expired
            $"/web/download/{queueId}/{direct}?expires={now + 86400}&signature={signer.Sign(owner, queueId, direct, now + 86400)}", // beyond its lifetime
            $"/web/download/{queueId}/{direct}",                                                     // unsigned
        ];
        foreach (var bad in refused)
        {
            var answer = await anonymous.GetAsync(bad);
            Assert.True(answer.StatusCode == HttpStatusCode.Forbidden, $"{bad} → {(int)answer.StatusCode}");
        }
        // The signature opens that one route only: the Plex media route still wants the token.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await anonymous.GetAsync($"/downloadQueue/{queueId}/item/{direct}/media?expires={expires}&signature={signature}")).StatusCode);
        // Only the owner mints links for a queue.
        var bob = factory.CreatePlexClient(token: PlexServerFactory.BobToken);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/web/api/link/{queueId}/{direct}", null)).StatusCode);
    }

    private static string Tamper(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'none'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }
}
