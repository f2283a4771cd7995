using Microsoft.Data.Sqlite;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// A data folder that cannot be written or a database held by another process ends the start with exit code 1 and
/// one log line naming the path and the cause, not an unhandled exception (SIGABRT, exit 134) and its stack.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("plexqueue-startfail-").FullName;

    private static void AssertCleanFailure(int exitCode, string output, string path, string cause)
    {
        Assert.True(exitCode == 1, $"exit code {exitCode}; output:\n{output}");
        var lines = output.Split('\n');
        Assert.True(lines.Any(l => l.Contains(path, StringComparison.Ordinal) && l.Contains(cause, StringComparison.OrdinalIgnoreCase)),
            $"no line names both '{path}' and '{cause}':\n{output}");
        Assert.DoesNotContain("Unhandled exception", output);
        Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
    }

    [Fact]
    public async Task A_data_folder_that_cannot_be_created_exits_1_naming_the_folder()
    {
        // A path below a regular file can never become a folder, even for root (chmod would not stop root).
        var blocker = Path.Combine(_folder, "not-a-folder");
        await File.WriteAllTextAsync(blocker, "a file");
        var dataPath = Path.Combine(blocker, "data");

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(_folder, new Dictionary<string, string> { ["Server:DataPath"] = dataPath }, TimeSpan.FromSeconds(90));

        AssertCleanFailure(exitCode, output, dataPath, "cannot be created");
    }

    [Fact]
    public async Task A_database_locked_by_another_process_exits_1_naming_the_database()
    {
        var dataPath = Path.Combine(_folder, "data");
        Directory.CreateDirectory(dataPath);
        var database = Path.Combine(dataPath, "plexqueue.db");
        await using var holder = new SqliteConnection($"Data Source={database};Pooling=false");
        await holder.OpenAsync();
        await using (var command = holder.CreateCommand())
        {
            // An open exclusive transaction that has written: no other connection may read or write.
            command.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held(x INTEGER);";
            await command.ExecuteNonQueryAsync();
        }

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(_folder, new Dictionary<string, string> { ["Server:DataPath"] = dataPath }, TimeSpan.FromSeconds(120));

        AssertCleanFailure(exitCode, output, database, "locked");
    }

    [Fact]
    public async Task A_database_path_that_is_a_folder_exits_1_naming_the_database()
    {
        var dataPath = Path.Combine(_folder, "data");
        var database = Path.Combine(dataPath, "plexqueue.db");
        Directory.CreateDirectory(database);

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(_folder, new Dictionary<string, string> { ["Server:DataPath"] = dataPath }, TimeSpan.FromSeconds(90));

        AssertCleanFailure(exitCode, output, database, "cannot be opened");
    }

    [Fact]
    public async Task An_unknown_hardware_backend_exits_1_naming_the_option_and_the_choices()
    {
        var settings = new Dictionary<string, string> { ["Server:DataPath"] = Path.Combine(_folder, "data"), ["Transcoder:HardwareAcceleration"] = "cuda" };

        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(_folder, settings, TimeSpan.FromSeconds(90));

        AssertCleanFailure(exitCode, output, "Transcoder:HardwareAcceleration 'cuda'", "is not one of none, vaapi, qsv, nvenc");
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
