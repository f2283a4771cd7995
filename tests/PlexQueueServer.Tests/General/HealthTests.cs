using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.General;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.General;

public class HealthTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    [Fact]
    public async Task Health_is_200_without_a_token_and_names_the_ffmpeg_version()
    {
        var response = await factory.CreatePlexClient(token: null).GetAsync("/health");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(body)!;
        Assert.Equal("ok", (string?)json["status"]);
        var checks = json["checks"]!.AsArray().ToDictionary(c => (string)c!["name"]!, c => c!);
        Assert.Equal(["cache", "database", "ffmpeg"], checks.Keys.Order());
        Assert.All(checks.Values, c => Assert.True((bool)c["ok"]!, c.ToJsonString()));
        Assert.StartsWith("ffmpeg version", (string?)checks["ffmpeg"]["detail"]);
    }

    [Fact]
    public async Task A_missing_ffmpeg_fails_its_check_and_is_not_cached()
    {
        var probe = new FfmpegProbe(Options.Create(new TranscoderOptions { FfmpegPath = "/nonexistent-ffmpeg-folder" }));
        var check = await probe.CheckAsync(CancellationToken.None);
        Assert.False(check.Ok);
        Assert.Equal("ffmpeg", check.Name);
        Assert.Contains("/nonexistent-ffmpeg-folder/ffmpeg", check.Detail);
    }

    [Fact]
    public async Task An_unwritable_cache_answers_503_naming_the_cache()
    {
        using var broken = new PlexServerFactory();
        var client = broken.CreatePlexClient(token: null);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        // Root can write anywhere, so make the cache folder a file: a write inside it fails for anyone.
        var cache = broken.Services.GetRequiredService<ResolvedPaths>().CachePath;
        Directory.Delete(cache, recursive: true);
        await File.WriteAllTextAsync(cache, "not a folder");

        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("failing: cache", (string?)json["status"]);
    }
}
