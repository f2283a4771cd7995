using System.Net;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Server;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

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
    [UnsupportedOSPlatform("windows")] // a shell-script stand-in for ffmpeg
    public async Task The_ffmpeg_version_is_read_once_and_kept()
    {
        var folder = Directory.CreateTempSubdirectory("plexqueue-fake-ffmpeg-").FullName;
        try
        {
            var fake = Path.Combine(folder, "ffmpeg");
            await File.WriteAllTextAsync(fake, "#!/bin/sh\necho 'ffmpeg version 9.9-fake'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var probe = new FfmpegProbe(Options.Create(new TranscoderOptions { FfmpegPath = folder }));
            Assert.Equal("ffmpeg version 9.9-fake", (await probe.CheckAsync(CancellationToken.None)).Detail);

            File.Delete(fake); // a second check does not run it again
            var again = await probe.CheckAsync(CancellationToken.None);
            Assert.True(again.Ok);
            Assert.Equal("ffmpeg version 9.9-fake", again.Detail);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
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
