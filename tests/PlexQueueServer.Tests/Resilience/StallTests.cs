using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// A hung ffmpeg (a fake one that only sleeps; ffprobe stays real) is ended after Transcoder:StallTimeout and
/// the item errors with a reason; restart retries it. Its own process: the ffmpeg folder is process-wide.
/// </summary>
public class StallTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task An_ffmpeg_without_progress_for_the_stall_timeout_ends_in_error_and_restart_retries()
    {
        // A conversion (arguments in the job folder) hangs silently for up to 120 s; anything else (-version, -encoders) is real ffmpeg.
        await using var fake = await FakeFfmpegServer.StartAsync(
            "case \"$*\" in *cache/tmp/*) i=0; while [ $i -lt 240 ]; do sleep 0.5; i=$((i+1)); done; exit 1 ;; esac\n",
            new Dictionary<string, string> { ["Transcoder:StallTimeout"] = "00:00:01.500" });
        var client = fake.CreateClient("stall");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"), "&videoResolution=160x120");

        try { await CheckTwiceAsync(client, queueId, itemId); }
        finally { output.WriteLine(fake.Server.Output); }
        // The job folder goes in the job's own cleanup, just after the item turns error: allow it a moment.
        var tmp = Path.Combine(fake.Root, "data", "cache", "tmp");
        for (var i = 0; i < 100 && Directory.EnumerateFileSystemEntries(tmp).Any(); i++) await Task.Delay(100);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
    }

    /// <summary>The first attempt stalls and errors; restart retries it, and the retry stalls the same way.</summary>
    private static async Task CheckTwiceAsync(HttpClient client, int queueId, int itemId)
    {
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var item = await client.WaitForStatusAsync(queueId, itemId, "error", "available");
            Assert.Equal("error", (string)item["status"]!);
            Assert.Equal("transcodeError", (string)item["error"]!);
            var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
            Assert.Equal(HttpStatusCode.NotFound, media.StatusCode);
            Assert.Contains("ffmpeg made no progress for 00:00:01.5", await media.Content.ReadAsStringAsync());
            if (attempt == 1) Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/downloadQueue/{queueId}/items/{itemId}/restart", null)).StatusCode);
        }
    }
}
