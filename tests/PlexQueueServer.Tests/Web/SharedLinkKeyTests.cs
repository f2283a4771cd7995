using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Web;

/// <summary>
/// Two api instances on one PostgreSQL database, each with its own data folder (behind one balancer): a download
/// link the web app got from one is accepted by the other, since the signing key lives in the database.
/// </summary>
public class SharedLinkKeyTests(SharedLinkKeyTests.Factory first) : IClassFixture<SharedLinkKeyTests.Factory>
{
    public sealed class Factory : PlexServerFactory { public override bool UsePostgres => true; }

    /// <summary>The second instance: the first one's database and library, a data folder of its own.</summary>
    private sealed class SecondInstance(Factory first) : PlexServerFactory
    {
        public override bool UsePostgres => true;

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:Postgres"] = first.PostgresConnectionString,
            ["Library:Sections:0:Path"] = first.MoviesPath,
            ["Library:Sections:1:Path"] = first.MusicPath,
            ["Server:InstanceName"] = "second-api",
        };
    }

    [Fact]
    public async Task A_link_signed_by_one_instance_downloads_from_the_other()
    {
        var alice = first.CreatePlexClient(clientIdentifier: "shared-link");
        var queue = await alice.CreateQueueAsync();
        var item = await alice.AddAsync(queue, await alice.FindRatingKeyAsync(1, "Direct Movie"));
        await alice.WaitForStatusAsync(queue, item, "available");
        var url = (string)(await alice.PostJsonAsync($"/web/api/link/{queue}/{item}"))["MediaContainer"]!["url"]!;

        using var second = new SecondInstance(first);
        var anonymous = second.CreatePlexClient(token: null, clientIdentifier: null);
        var response = await anonymous.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(first.MoviesPath, TestMedia.DirectPlayMovie)), await response.Content.ReadAsByteArrayAsync());
        Assert.False(File.Exists(Path.Combine(second.DataPath, PlexQueueServer.Web.MediaLinkSigner.KeyFileName)), "on PostgreSQL the key is not a file");

        // A tampered link is still refused there.
        var tampered = url.Replace("signature=", "signature=x");
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.GetAsync(tampered)).StatusCode);
    }
}
