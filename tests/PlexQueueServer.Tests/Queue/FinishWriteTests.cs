using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

public sealed class ShortWriteRetryServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Transcoder:DatabaseWriteTimeout"] = "00:00:02",
    };
}

/// <summary>
/// Another process holds the database's write lock while a conversion finishes: /health says the database
/// cannot be written, and once the retries give up the item is in error with the reason and no orphan file.
/// </summary>
public class FinishWriteTests(ShortWriteRetryServerFactory factory) : IClassFixture<ShortWriteRetryServerFactory>
{
    [Fact]
    public async Task A_database_locked_when_a_conversion_finishes_ends_in_error_without_an_orphan_and_health_reports_it()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "locked");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Slow Movie"), "&directStream=0&videoResolution=160x120");
        Assert.Equal("processing", (string)(await client.WaitForStatusAsync(queueId, itemId, "processing", "available"))["status"]!);
        var cache = Path.Combine(factory.DataPath, "cache");
        // Lock only once ffmpeg runs (it has created its output in the job folder): from there the job's next database
        // access is the finishing write (before it, the job still reads and writes: shared-conversion lookup).
        var started = DateTime.UtcNow.AddMinutes(5);
        while (!Directory.EnumerateFiles(Path.Combine(cache, "tmp"), "output.*", SearchOption.AllDirectories).Any())
        {
            Assert.True(DateTime.UtcNow < started, "the conversion never started");
            await Task.Delay(20);
        }

        using (var holder = new SqliteConnection($"Data Source={Path.Combine(factory.DataPath, "plexqueue.db")};Pooling=false"))
        {
            holder.Open();
            Execute(holder, "BEGIN EXCLUSIVE;");
            try
            {
                var health = await client.GetAsync("/health");
                var report = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
                Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
                Assert.Contains("database", (string)report["status"]!);

                // The converted file reaches the cache, then its write waits on our lock past the retry budget.
                // A safety net only: a loaded CI machine converts slowly.
                var deadline = DateTime.UtcNow.AddMinutes(5);
                while (!Directory.EnumerateFiles(cache, $"{itemId}-*").Any())
                {
                    Assert.True(DateTime.UtcNow < deadline, "the conversion never finished");
                    await Task.Delay(50);
                }
                // Past the 2 s budget of the finishing write, within the budget of the error write that follows it.
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            finally { Execute(holder, "ROLLBACK;"); }
        }

        var item = await client.WaitForStatusAsync(queueId, itemId, "error", "available");
        Assert.Equal(("error", "transcodeError"), ((string)item["status"]!, (string?)item["error"]));
        var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Contains("database could not be written", await media.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFiles(cache, $"{itemId}-*"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
