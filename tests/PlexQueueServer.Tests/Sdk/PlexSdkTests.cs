using System.Diagnostics;
using PlexQueueServer.Tests.Browser;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Sdk;

/// <summary>
/// The spec's generated SDK (npm @lukehagar/plexjs, tests/sdk/check.mjs) drives the real server over a socket:
/// connect, sections, items, leaves, parts, thumbnails, search and a download. Its zod schemas reject any
/// answer that breaks the spec, so this is the closest stand-in for an unmodified Plex client.
/// </summary>
public sealed class PlexSdkTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    [Fact]
    public async Task The_spec_sdk_validates_every_answer_from_connect_to_download()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "sdk");
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "@lukehagar", "plexjs")),
            "The SDK is not installed: run `npm ci --prefix tests/sdk` (.ci/run does).");
        // The scan runs in the background at start: wait until both sections list their items.
        var client = server.CreatePlexClient();
        await client.FindRatingKeyAsync(1, "Direct Movie");

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "check.mjs", server.BaseUrl, PlexServerFactory.AliceToken }) start.ArgumentList.Add(argument);
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(timeout.Token);
        var report = await output + await errors;
        Assert.True(node.ExitCode == 0, report);
        Assert.Contains("sdk check: all calls validated", report);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PlexQueueServer.sln"))) return dir.FullName;
        throw new InvalidOperationException("PlexQueueServer.sln not found above the test binaries.");
    }
}
