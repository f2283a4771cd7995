using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Auth;

public sealed class NoUsersServerFactory : PlexServerFactory
{
    // Blank tokens mean "no users configured": the server makes its own admin token.
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Auth:Users:0:Token"] = "", ["Auth:Users:1:Token"] = "",
    };
}

public class GeneratedTokenTests(NoUsersServerFactory factory) : IClassFixture<NoUsersServerFactory>
{
    [Fact]
    public async Task First_start_without_users_generates_a_token_kept_in_the_data_folder()
    {
        var anonymous = factory.CreatePlexClient(token: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/identity")).StatusCode); // starts the server
        // /identity answers as soon as Kestrel listens; /health waits until the token is made (ServerReady).
        await anonymous.GetAsync("/health");
        var tokenFile = Path.Combine(factory.DataPath, "token");
        Assert.True(File.Exists(tokenFile));
        var token = (await File.ReadAllTextAsync(tokenFile)).Trim();
        Assert.True(token.Length >= 32);

        Assert.Equal(HttpStatusCode.OK, (await factory.CreatePlexClient(token).PostAsync("/downloadQueue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreatePlexClient(PlexServerFactory.AliceToken).PostAsync("/downloadQueue", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/downloadQueue", null)).StatusCode);
    }
}
