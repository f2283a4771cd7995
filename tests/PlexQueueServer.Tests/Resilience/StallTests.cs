using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// A hung ffmpeg (a fake one that only sleeps; ffprobe stays real) is ended after Transcoder:StallTimeout and
/// the item errors with a reason; restart retries it. Its own process: the ffmpeg folder is process-wide.
/// </summary>
public class StallTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Token = "stall-token-0123456789";

    [Fact]
    public async Task An_ffmpeg_without_progress_for_the_stall_timeout_ends_in_error_and_restart_retries()
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-stall-" + Guid.NewGuid().ToString("N")[..12]);
        var movies = Path.Combine(root, "movies");
        var fakeBin = Path.Combine(root, "bin");
        Directory.CreateDirectory(movies);
        Directory.CreateDirectory(fakeBin);
        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.ConvertMovie), Path.Combine(movies, TestMedia.ConvertMovie));
        var fake = Path.Combine(fakeBin, "ffmpeg");
        // A conversion (arguments in the job folder) hangs silently for up to 120 s; anything else (-version, -encoders) is real ffmpeg.
        await File.WriteAllTextAsync(fake, "#!/bin/sh\ncase \"$*\" in *cache/tmp/*) ;; *) exec \"" + Which("ffmpeg") + "\" \"$@\" ;; esac\n" +
            "i=0\nwhile [ $i -lt 240 ]; do sleep 0.5; i=$((i+1)); done\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(fakeBin, "ffprobe"), Which("ffprobe"));
        var settings = new Dictionary<string, string>
        {
            ["Server:DataPath"] = Path.Combine(root, "data"),
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = movies,
            ["Library:Watch"] = "false",
            ["Auth:Users:0:Name"] = "alice",
            ["Auth:Users:0:Token"] = Token,
            ["Transcoder:FfmpegPath"] = fakeBin,
            ["Transcoder:StallTimeout"] = "00:00:01.500",
        };
        try
        {
            using var server = await ServerProcess.StartAsync(root, settings);
            var client = server.CreateClient(Token, "stall");
            var queueId = await client.CreateQueueAsync();
            var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"), "&videoResolution=160x120");

            try { await CheckTwiceAsync(client, queueId, itemId); }
            finally { output.WriteLine(server.Output); }
            // The job folder goes in the job's own cleanup, just after the item turns error: allow it a moment.
            var tmp = Path.Combine(root, "data", "cache", "tmp");
            for (var i = 0; i < 100 && Directory.EnumerateFileSystemEntries(tmp).Any(); i++) await Task.Delay(100);
            Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
        }
        finally
        {
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
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

    private static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is not on PATH");
}
