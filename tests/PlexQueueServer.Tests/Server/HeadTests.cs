using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

/// <summary>Monitors and load balancers probe with HEAD: the answer is GET's status and headers without a body.</summary>
public class HeadTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    [Theory]
    [InlineData("/identity", null)]
    [InlineData("/health", null)]
    [InlineData("/", PlexServerFactory.AliceToken)]
    public async Task Head_answers_200_without_a_body(string path, string? token)
    {
        var client = factory.CreatePlexClient(token: token);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Head_of_the_server_info_without_a_token_is_401_like_get()
    {
        using var response = await factory.CreatePlexClient(token: null).SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
