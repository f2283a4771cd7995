using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>x264's slow preset makes the 60 s clip take seconds to convert, long enough to act mid-way.</summary>
public class SlowPresetServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Transcoder:Preset"] = "slow" };
}

public class CancelConversionTests(SlowPresetServerFactory factory) : CancelConversionTestsOn<SlowPresetServerFactory>(factory);

/// <summary>The same tests on PostgreSQL (Database:Provider=Postgres).</summary>
public class CancelConversionTestsOnPostgres(CancelConversionTestsOnPostgres.Factory factory) : CancelConversionTestsOn<CancelConversionTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : SlowPresetServerFactory { public override bool UsePostgres => true; }
}

public abstract class CancelConversionTestsOn<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : SlowPresetServerFactory
{
    [Fact]
    public async Task Deleting_a_converting_item_ends_ffmpeg_and_leaves_no_files()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "cancel");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Slow Movie");
        var itemId = await client.AddAsync(queueId, key, "&directStream=0");
        var processing = await client.WaitForStatusAsync(queueId, itemId, "processing", "available");
        Assert.Equal("processing", (string)processing["status"]!);
        Assert.NotNull(processing["TranscodeSession"]!["key"]);
        Assert.Equal("processing", (string)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["status"]!);
        var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, media.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/downloadQueue/{queueId}/items/{itemId}")).StatusCode);
        var tmp = factory.JobsPath;
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Directory.EnumerateFileSystemEntries(tmp).Any() && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
        Assert.DoesNotContain(System.Diagnostics.Process.GetProcessesByName("ffmpeg"), p => CommandLine(p).Contains(tmp));
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{itemId}-*"));
    }

    private static string CommandLine(System.Diagnostics.Process process)
    {
        try { return File.ReadAllText($"/proc/{process.Id}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }
}
