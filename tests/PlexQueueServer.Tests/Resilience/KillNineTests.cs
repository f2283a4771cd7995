using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PlexQueueServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// SIGKILL the real server process mid-conversion and start it again on the same data. Once by default;
/// PLEXQUEUE_STRESS=N repeats it N times (each run on fresh data) and prints how many survived.
/// </summary>
public class KillNineTests(ITestOutputHelper output)
{
    private const string Token = "kill-nine-token-0123456789";

    [Fact]
    public async Task A_server_killed_mid_conversion_redoes_the_item_and_serves_only_the_whole_file()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("PLEXQUEUE_STRESS"), out var n) && n > 0 ? Math.Min(n, 100) : 1;
        for (var run = 1; run <= runs; run++)
        {
            await KillAndRecoverOnceAsync();
            output.WriteLine($"kill -9 run {run}/{runs} survived");
        }
    }

    private async Task KillAndRecoverOnceAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-kill9-" + Guid.NewGuid().ToString("N")[..12]);
        var movies = Path.Combine(root, "movies");
        Directory.CreateDirectory(movies);
        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.SlowMovie), Path.Combine(movies, TestMedia.SlowMovie));
        var data = Path.Combine(root, "data");
        var tmp = Path.Combine(data, "cache", "tmp");
        var settings = new Dictionary<string, string>
        {
            ["Server:DataPath"] = data,
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = movies,
            ["Library:Watch"] = "false",
            ["Auth:Users:0:Name"] = "alice",
            ["Auth:Users:0:Token"] = Token,
            ["Transcoder:Preset"] = "slow",
        };
        try
        {
            int queueId, itemId;
            List<(int Pid, string StartTime)> firstFfmpeg;
            using (var first = await ServerProcess.StartAsync(root, settings))
            {
                var client = first.CreateClient(Token, "kill9");
                queueId = await client.CreateQueueAsync();
                itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Slow Movie"), "&directStream=0");
                await WaitForProgressAsync(client, queueId, itemId);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media")).StatusCode);
                firstFfmpeg = ServerProcess.FfmpegUnder(tmp);
                Assert.NotEmpty(firstFfmpeg);
                first.KillNine();
            }
            output.WriteLine($"orphaned ffmpeg alive after kill -9: {ServerProcess.FfmpegUnder(tmp).Intersect(firstFfmpeg).Count()}");

            using (var second = await ServerProcess.StartAsync(root, settings))
            {
                // Recovery ran before the server listened: the first run's ffmpeg is gone.
                Assert.Empty(ServerProcess.FfmpegUnder(tmp).Intersect(firstFfmpeg));
                Assert.Contains("Recovered 1 interrupted conversions", second.Output);
                var client = second.CreateClient(Token, "kill9");
                var sawProcessing = false;
                var deadline = DateTime.UtcNow.AddMinutes(4);
                while (true)
                {
                    var item = await client.GetItemAsync(queueId, itemId);
                    var status = (string)item["status"]!;
                    if (status == "available") break;
                    Assert.True(status is "waiting" or "processing", $"item went {status}: {item.ToJsonString()}");
                    sawProcessing |= status == "processing";
                    var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
                    if (media.StatusCode != HttpStatusCode.OK) Assert.Equal(HttpStatusCode.ServiceUnavailable, media.StatusCode);
                    Assert.True(DateTime.UtcNow < deadline, $"item stayed {status}; server said: {second.Output}");
                    await Task.Delay(250);
                }
                Assert.True(sawProcessing, "the interrupted item was not converted again");

                var file = Path.Combine(root, "downloaded.mp4");
                var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
                Assert.Equal(response.Content.Headers.ContentLength, new FileInfo(file).Length);
                using var probe = TestMedia.Probe(file);
                var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                Assert.InRange(duration, 59.0, 61.0);

                var emptyBy = DateTime.UtcNow.AddSeconds(10); // the job folder goes just after the item turns available
                while (Directory.EnumerateFileSystemEntries(tmp).Any() && DateTime.UtcNow < emptyBy) await Task.Delay(100);
                Assert.Empty(Directory.EnumerateFileSystemEntries(tmp));
                Assert.Empty(ServerProcess.FfmpegUnder(tmp));
                second.KillNine();
            }
            Assert.Equal("ok", IntegrityCheck(Path.Combine(data, "plexqueue.db")));
        }
        finally
        {
            foreach (var (pid, _) in ServerProcess.FfmpegUnder(root)) KillQuietly(pid);
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task WaitForProgressAsync(HttpClient client, int queueId, int itemId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var item = await client.GetItemAsync(queueId, itemId);
            var progress = (double?)item["TranscodeSession"]?["progress"] ?? 0;
            if ((string)item["status"]! == "processing" && progress > 0) return;
            Assert.True((string)item["status"]! is "deciding" or "waiting" or "processing", $"item went {item.ToJsonString()}");
            Assert.True(DateTime.UtcNow < deadline, "the conversion never reported progress");
            await Task.Delay(100);
        }
    }

    private static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=false");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }

    private static void KillQuietly(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); p.Kill(); }
        catch (ArgumentException) { } catch (InvalidOperationException) { }
    }
}
