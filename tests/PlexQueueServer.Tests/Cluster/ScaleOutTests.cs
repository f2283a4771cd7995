using System.Net;
using System.Text.Json.Nodes;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Resilience;

namespace PlexQueueServer.Tests.Cluster;

/// <summary>Several instances on one PostgreSQL queue, as real processes: a dead worker's job is taken over, a paused one is fenced.</summary>
public class ScaleOutTests
{
    private const string Convert = "&directStream=0&videoResolution=160x120";

    [Fact]
    public async Task Nine_conversions_survive_a_worker_killed_mid_conversion_and_no_item_is_converted_twice_at_once()
    {
        await using var cluster = await ClusterProcesses.StartAsync(clips: 9);
        var client = cluster.Api.CreateClient(ClusterProcesses.Token, "scale-out");
        // One server to clients: every instance answers the same identity; a worker serves no queue API.
        var identities = new[] { cluster.Api }.Concat(cluster.Workers.Values)
            .Select(p => new HttpClient { BaseAddress = new Uri(p.BaseUrl) }.GetStringAsync("/identity").Result).ToList();
        Assert.Single(identities.Distinct());
        Assert.Equal(HttpStatusCode.NotFound, (await cluster.Workers[ClusterProcesses.WorkerA].CreateClient(ClusterProcesses.Token, "x").PostAsync("/downloadQueue", null)).StatusCode);

        var queueId = await client.CreateQueueAsync();
        var items = new List<int>();
        for (var i = 1; i <= 9; i++) items.Add(await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, $"Clip {i}"), Convert));

        // Kill -9 the first worker seen running ffmpeg, and its ffmpeg, as a machine that died.
        var overlaps = new List<string>();
        (string Instance, int ItemId, int Attempt)? found = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (found is null)
        {
            var running = cluster.RunningFfmpeg();
            if (running.Count > 0) found = running[0];
            else Assert.True(DateTime.UtcNow < deadline, "no worker ever ran ffmpeg:\n" + cluster.Logs);
            await Task.Delay(50);
        }
        var victim = found.Value;
        cluster.Workers[victim.Instance].KillNine();
        cluster.KillFfmpegOf(victim.Instance);
        var survivor = cluster.Workers.Keys.Single(k => k != victim.Instance);

        deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            // Two live ffmpeg for one item at any moment would be a double conversion.
            foreach (var group in cluster.RunningFfmpeg().GroupBy(r => r.ItemId).Where(g => g.Count() > 1))
                overlaps.Add($"item {group.Key} on {string.Join(",", group.Select(g => g.Instance))}");
            var statuses = new List<string>();
            foreach (var id in items) statuses.Add((string)(await client.GetItemAsync(queueId, id))["status"]!);
            Assert.DoesNotContain("error", statuses);
            if (statuses.All(s => s == "available")) break;
            Assert.True(DateTime.UtcNow < deadline, $"items stayed {string.Join(",", statuses)}:\n{cluster.Logs}");
            await Task.Delay(100);
        }
        Assert.Empty(overlaps);

        // The dead worker's job went to the survivor with a new attempt, after its lease lapsed.
        var row = await cluster.ItemRowAsync(victim.ItemId);
        Assert.Equal(survivor, row.Owner);
        Assert.True(row.Attempt >= 1, $"item {victim.ItemId} was not taken over (attempt {row.Attempt})");
        foreach (var id in items) await cluster.AssertPlayableAsync(client, queueId, id);

        // /health on the api lists the survivor as a live instance (the dead one stops heartbeating).
        var health = JsonNode.Parse(await new HttpClient { BaseAddress = new Uri(cluster.Api.BaseUrl) }.GetStringAsync("/health"))!;
        var live = health["instances"]!.AsArray().Select(i => (string)i!["name"]!).ToList();
        Assert.Contains(survivor, live);
        Assert.Contains("api", live);
    }

    [Fact]
    public async Task A_worker_paused_past_its_lease_cannot_overwrite_the_item_when_it_wakes_up()
    {
        await using var cluster = await ClusterProcesses.StartAsync(clips: 1);
        var client = cluster.Api.CreateClient(ClusterProcesses.Token, "fencing");
        var queueId = await client.CreateQueueAsync();
        // Slow enough that the paused worker is still converting when it wakes: preset veryslow is not needed, 640x480 is.
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Clip 1"), "&directStream=0&videoResolution=640x480");

        (string Instance, int ItemId, int Attempt)? found = null;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (found is null)
        {
            var running = cluster.RunningFfmpeg();
            if (running.Count > 0) found = running[0];
            else Assert.True(DateTime.UtcNow < deadline, "no worker ever ran ffmpeg:\n" + cluster.Logs);
            await Task.Delay(50);
        }
        var first = found.Value;
        var pausedAttempt = first.Attempt;
        var paused = cluster.Workers[first.Instance];
        var other = cluster.Workers.Keys.Single(k => k != first.Instance);
        ClusterProcesses.Signal(paused.Pid, "STOP");
        try
        {
            // Past the lease the other worker takes the item over, from the start, with a new attempt.
            deadline = DateTime.UtcNow.AddMinutes(2);
            while ((await cluster.ItemRowAsync(itemId)).Owner != other)
                Assert.True(DateTime.UtcNow < deadline, "the paused worker's item was never taken over:\n" + cluster.Logs);
        }
        finally { ClusterProcesses.Signal(paused.Pid, "CONT"); }

        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.Equal("available", (string)item["status"]!);
        // The woken worker learnt the item is no longer its own: its late writes were refused.
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (!paused.Output.Contains($"Item {itemId} attempt {pausedAttempt}: ", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the woken worker never noticed it lost the item:\n" + paused.Output);
            await Task.Delay(100);
        }
        var row = await cluster.ItemRowAsync(itemId);
        Assert.Equal(("Available", other), (row.Status, row.Owner));
        Assert.True(row.Attempt > pausedAttempt);
        Assert.EndsWith($"{itemId}-{row.Attempt}.mp4", row.MediaPath);
        // Only the new attempt's file is in the cache (the late one was discarded), and it is whole.
        await Task.Delay(500);
        Assert.Equal(new[] { Path.GetFileName(row.MediaPath!) }, Directory.GetFiles(cluster.Cache, $"{itemId}-*").Select(f => Path.GetFileName(f)).ToArray());
        await cluster.AssertPlayableAsync(client, queueId, itemId);
    }

    [Fact]
    public async Task Deleting_on_the_api_ends_the_ffmpeg_running_on_a_worker_and_restart_converts_it_again()
    {
        await using var cluster = await ClusterProcesses.StartAsync(clips: 2);
        var client = cluster.Api.CreateClient(ClusterProcesses.Token, "cancel-anywhere");
        var queueId = await client.CreateQueueAsync();
        var deleted = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Clip 1"), "&directStream=0&videoResolution=640x480");
        await WaitForFfmpegAsync(cluster, deleted);
        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/downloadQueue/{queueId}/items/{deleted}")).StatusCode);
        // The api runs no ffmpeg: only the NOTIFY (or the owner's next lease renewal) can end the worker's.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.RunningFfmpeg().Any(r => r.ItemId == deleted))
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker's ffmpeg outlived the delete:\n" + cluster.Logs);
            await Task.Delay(100);
        }

        var restarted = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Clip 2"), "&directStream=0&videoResolution=640x480");
        var attempt = (await WaitForFfmpegAsync(cluster, restarted)).Attempt;
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/downloadQueue/{queueId}/items/{restarted}/restart", null)).StatusCode);
        deadline = DateTime.UtcNow.AddSeconds(30);
        while (cluster.RunningFfmpeg().Any(r => r.ItemId == restarted && r.Attempt == attempt))
        {
            Assert.True(DateTime.UtcNow < deadline, "the restarted attempt's ffmpeg kept running:\n" + cluster.Logs);
            await Task.Delay(100);
        }
        var item = await client.WaitForStatusAsync(queueId, restarted, "available", "error");
        Assert.Equal("available", (string)item["status"]!);
        await cluster.AssertPlayableAsync(client, queueId, restarted);
    }

    private static async Task<(string Instance, int ItemId, int Attempt)> WaitForFfmpegAsync(ClusterProcesses cluster, int itemId)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var running = cluster.RunningFfmpeg().Where(r => r.ItemId == itemId).ToList();
            if (running.Count > 0) return running[0];
            Assert.True(DateTime.UtcNow < deadline, $"item {itemId} never ran ffmpeg:\n" + cluster.Logs);
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_role_other_than_all_with_sqlite_is_refused_at_start_with_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("plexqueue-role-").FullName;
        try
        {
            var (exitCode, output) = await ServerProcess.RunUntilExitAsync(folder, new Dictionary<string, string>
            {
                ["Server:DataPath"] = Path.Combine(folder, "data"), ["Server:Role"] = "worker",
            }, TimeSpan.FromSeconds(90));
            Assert.True(exitCode == 1, $"exit code {exitCode}:\n{output}");
            Assert.Contains("Server:Role 'worker' needs Database:Provider=Postgres", output);
            Assert.DoesNotContain("Unhandled exception", output);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
