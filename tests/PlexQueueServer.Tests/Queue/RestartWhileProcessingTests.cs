using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

public class TwoConvertersServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Transcoder:MaxConcurrent"] = "2" };
}

public sealed class ThreeConvertersServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Transcoder:MaxConcurrent"] = "3" };
}

public sealed class FastWatchdogServerFactory : PlexServerFactory
{
    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Transcoder:WatchdogInterval"] = "00:00:01" };
}

/// <summary>
/// Restarting items while several converters run: a restarted item's new attempt may be claimed while its old
/// job is still ending. Every item must still end available (none left processing with nothing behind it).
/// </summary>
public static class RestartWhileProcessing
{
    public static async Task RunAsync(PlexServerFactory factory, int converters)
    {
        var client = factory.CreatePlexClient(clientIdentifier: $"restart-{converters}");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Slow Movie");
        var ids = new List<int>();
        // Twenty distinct items of the same movie: the quality value differs, so dedupe keeps them apart.
        for (var i = 0; i < 20; i++) ids.Add(await client.AddAsync(queueId, key, $"&directStream=0&videoResolution=320x240&videoQuality={40 + i}"));
        var all = string.Join(",", ids);

        for (var round = 0; round < 3; round++)
        {
            await WaitForProcessingAsync(client, queueId, converters);
            var restart = await client.PostAsync($"/downloadQueue/{queueId}/items/{all}/restart", null);
            Assert.True(restart.IsSuccessStatusCode, $"restart answered {(int)restart.StatusCode}");
        }

        foreach (var id in ids)
        {
            var item = await client.WaitForStatusAsync(queueId, id, "available", "error");
            Assert.Equal("available", (string)item["status"]!);
        }
    }

    /// <summary>Until as many items as converters are processing (or every item is done, on a fast machine).</summary>
    private static async Task WaitForProcessingAsync(HttpClient client, int queueId, int converters)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var items = (await client.GetJsonAsync($"/downloadQueue/{queueId}/items"))["MediaContainer"]!["DownloadQueueItem"]!.AsArray();
            var statuses = items.Select(i => (string)i!["status"]!).ToList();
            if (statuses.Count(s => s == "processing") >= converters || statuses.All(s => s == "available")) return;
            Assert.True(DateTime.UtcNow < deadline, "the items never started converting: " + string.Join(",", statuses));
            await Task.Delay(50);
        }
    }
}

public class RestartWithTwoConvertersTests(TwoConvertersServerFactory factory) : RestartWithTwoConvertersTestsOn<TwoConvertersServerFactory>(factory);

/// <summary>The same tests on PostgreSQL (Database:Provider=Postgres).</summary>
public class RestartWithTwoConvertersTestsOnPostgres(RestartWithTwoConvertersTestsOnPostgres.Factory factory) : RestartWithTwoConvertersTestsOn<RestartWithTwoConvertersTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : TwoConvertersServerFactory { public override bool UsePostgres => true; }
}

public abstract class RestartWithTwoConvertersTestsOn<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : TwoConvertersServerFactory
{
    [Fact]
    public Task Twenty_items_restarted_mid_conversion_with_two_converters_all_end_available() => RestartWhileProcessing.RunAsync(factory, 2);
}

public class RestartWithThreeConvertersTests(ThreeConvertersServerFactory factory) : IClassFixture<ThreeConvertersServerFactory>
{
    [Fact]
    public Task Twenty_items_restarted_mid_conversion_with_three_converters_all_end_available() => RestartWhileProcessing.RunAsync(factory, 3);
}

public class WatchdogTests(FastWatchdogServerFactory factory) : IClassFixture<FastWatchdogServerFactory>
{
    [Fact]
    public async Task An_item_left_processing_with_no_job_behind_it_is_converted_again()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "watchdog");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"));
        await client.WaitForStatusAsync(queueId, itemId, "available");

        // What a lost job looks like from outside: the row says processing, no converter holds it, no file.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(factory.DataPath, "plexqueue.db")};Pooling=false"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "UPDATE Items SET Status = 'Processing', MediaPath = NULL, AvailableAt = NULL WHERE Id = $id";
            command.Parameters.AddWithValue("$id", itemId);
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        foreach (var file in Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{itemId}-*")) File.Delete(file);

        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.Equal("available", (string)item["status"]!);
        var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(System.Net.HttpStatusCode.OK, media.StatusCode);
    }
}
