using System.Diagnostics;
using System.Net;
using Npgsql;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Resilience;

namespace PlexQueueServer.Tests.Cluster;

/// <summary>
/// One api and two worker processes of the real server on one fresh PostgreSQL database, one shared cache and one
/// library of copies of the 60 s clip (each instance its own data folder, as on separate machines).
/// </summary>
public sealed class ClusterProcesses : IAsyncDisposable
{
    public const string Token = "cluster-token-0123456789";
    public const string WorkerA = "worker-a", WorkerB = "worker-b";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "plexqueue-cluster-" + Guid.NewGuid().ToString("N")[..12]);
    public string Movies => Path.Combine(Root, "movies");
    public string Cache => Path.Combine(Root, "shared-cache");
    public string ConnectionString { get; } = PostgresServer.Shared.CreateDatabase();
    public ServerProcess Api { get; private set; } = null!;
    public Dictionary<string, ServerProcess> Workers { get; } = new();

    public static async Task<ClusterProcesses> StartAsync(int clips)
    {
        var cluster = new ClusterProcesses();
        Directory.CreateDirectory(cluster.Movies);
        for (var i = 1; i <= clips; i++)
            File.Copy(Path.Combine(TestMedia.Movies, TestMedia.SlowMovie), Path.Combine(cluster.Movies, $"Clip {i} ({2000 + i}).mkv"));
        // The workers start together: the migration advisory lock makes them take turns.
        try
        {
            cluster.Api = await cluster.StartAsync("api", "api");
            var a = cluster.StartAsync(WorkerA, "worker");
            var b = cluster.StartAsync(WorkerB, "worker");
            cluster.Workers[WorkerA] = await a;
            cluster.Workers[WorkerB] = await b;
        }
        catch
        {
            await cluster.DisposeAsync(); // no process of a half-started cluster outlives the test
            throw;
        }
        return cluster;
    }

    private Task<ServerProcess> StartAsync(string name, string role) => ServerProcess.StartAsync(Root, new Dictionary<string, string>
    {
        ["Database:Provider"] = "Postgres",
        ["ConnectionStrings:Postgres"] = ConnectionString,
        ["Server:Role"] = role,
        ["Server:InstanceName"] = name,
        ["Server:DataPath"] = Path.Combine(Root, "data-" + name),
        ["Transcoder:CachePath"] = Cache,
        ["Transcoder:LeaseDuration"] = "00:00:05",
        ["Transcoder:Preset"] = "ultrafast",
        ["Library:Sections:0:Title"] = "Movies",
        ["Library:Sections:0:Type"] = "movie",
        ["Library:Sections:0:Path"] = Movies,
        ["Library:Watch"] = "false",
        ["Auth:Users:0:Name"] = "alice",
        ["Auth:Users:0:Token"] = Token,
    });

    /// <summary>(instance, item id, attempt) of every live ffmpeg, read from its job folder cache/tmp/{instance}/{item}-{attempt}.</summary>
    public List<(string Instance, int ItemId, int Attempt)> RunningFfmpeg()
    {
        var tmp = Path.Combine(Cache, "tmp") + "/";
        var found = new List<(string, int, int)>();
        foreach (var (pid, _) in ServerProcess.FfmpegUnder(tmp))
        {
            string[] args;
            try { args = File.ReadAllText($"/proc/{pid}/cmdline").Split('\0'); } catch (IOException) { continue; }
            var path = args.FirstOrDefault(a => a.StartsWith(tmp, StringComparison.Ordinal));
            var parts = path?[tmp.Length..].Split('/');
            if (parts is [var instance, var job, ..] && job.Split('-') is [var id, var attempt]
                && int.TryParse(id, out var itemId) && int.TryParse(attempt, out var number)) found.Add((instance, itemId, number));
        }
        return found.Distinct().ToList();
    }

    /// <summary>Ends the instance's ffmpeg as a dead machine's would be gone.</summary>
    public void KillFfmpegOf(string instance)
    {
        foreach (var (pid, _) in ServerProcess.FfmpegUnder(Path.Combine(Cache, "tmp", instance) + "/"))
            try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
    }

    public static void Signal(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, pid.ToString() } })!;
        kill.WaitForExit();
    }

    /// <summary>One row's columns straight from the database.</summary>
    public async Task<(string Status, int Attempt, string? Owner, string? MediaPath)> ItemRowAsync(int itemId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""SELECT "Status", "Attempt", "Owner", "MediaPath" FROM "Items" WHERE "Id" = @id""", connection);
        command.Parameters.AddWithValue("id", itemId);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"item {itemId} is gone");
        return (reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    /// <summary>Downloads the item from the api instance and asserts it is the whole clip.</summary>
    public async Task AssertPlayableAsync(HttpClient client, int queueId, int itemId)
    {
        var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var file = Path.Combine(Root, $"downloaded-{itemId}.mp4");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        using var probe = TestMedia.Probe(file);
        var duration = double.Parse(probe.RootElement.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 59.0, 61.0);
    }

    public string Logs => $"api:\n{Api?.Output}\n{string.Join("\n", Workers.Select(w => $"{w.Key}:\n{w.Value.Output}"))}";

    public ValueTask DisposeAsync()
    {
        foreach (var worker in Workers.Values) { ContinueQuietly(worker.Pid); worker.Dispose(); }
        Api?.Dispose();
        foreach (var (pid, _) in ServerProcess.FfmpegUnder(Root))
            try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (ArgumentException) { } catch (InvalidOperationException) { }
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }

    private static void ContinueQuietly(int pid)
    {
        try { Signal(pid, "CONT"); } catch (System.ComponentModel.Win32Exception) { }
    }
}
