using Microsoft.Data.Sqlite;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Server;

/// <summary>A folder or database the server cannot use: the message names the path and the cause in one line.</summary>
public sealed class StartupException(string message) : Exception(message);

/// <summary>
/// Before the host starts: the data and cache folders are writable and the database opens, reads and takes a write
/// lock. A failure is one log line naming the path and the cause and exit code 1, not an unhandled exception.
/// </summary>
public static class StartupCheck
{
    /// <summary>Another process (a second server on this folder?) holds the database: say so instead of waiting on.</summary>
    private const int LockWaitSeconds = 15;

    public static async Task<bool> CheckStartupAsync(this WebApplication app)
    {
        try
        {
            var cluster = app.Services.GetRequiredService<Cluster.ClusterInstance>();
            if (cluster.Refusal() is { } refusal) throw new StartupException(refusal);
            var paths = app.Services.GetRequiredService<ResolvedPaths>(); // creates and probes the folders
            if (cluster.IsPostgres) await CheckPostgresAsync(cluster.ConnectionString);
            else await CheckDatabaseAsync(paths.DatabasePath);
            return true;
        }
        catch (Exception e)
        {
            var line = e is StartupException ? e.Message : $"The server cannot start: {e.GetType().Name}: {e.Message}";
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupCheck).FullName!)
                .LogCritical("{Reason}", line.ReplaceLineEndings(" "));
            await app.DisposeAsync(); // flushes the console logger before the process ends
            return false;
        }
    }

    /// <summary>PostgreSQL answers within its connect timeout, else one line naming the host and the cause (never the password).</summary>
    private static async Task CheckPostgresAsync(string connectionString)
    {
        var where = "PostgreSQL";
        try
        {
            var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            where = $"PostgreSQL {builder.Host}:{builder.Port} database {builder.Database}";
            await using var connection = new Npgsql.NpgsqlConnection(connectionString);
            await connection.OpenAsync();
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException or TimeoutException)
        {
            throw new StartupException($"{where} cannot be used: {e.Message.ReplaceLineEndings(" ")}");
        }
    }

    private static async Task CheckDatabaseAsync(string database)
    {
        try
        {
            await using var connection = new SqliteConnection($"Data Source={database};Pooling=false;Default Timeout={LockWaitSeconds}");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            // Read the schema (a locked or foreign file fails here), then a write that is rolled back (a read-only file fails).
            command.CommandText = "SELECT count(*) FROM sqlite_master; BEGIN IMMEDIATE; CREATE TABLE startup_check(x INTEGER); ROLLBACK;";
            await command.ExecuteNonQueryAsync();
        }
        catch (SqliteException e)
        {
            var cause = e.SqliteErrorCode switch
            {
                5 or 6 => "is locked by another process",      // SQLITE_BUSY, SQLITE_LOCKED
                8 => "is read-only",                            // SQLITE_READONLY
                14 => "cannot be opened",                       // SQLITE_CANTOPEN: a folder, or no access
                26 => "is not a SQLite database",               // SQLITE_NOTADB
                _ => "cannot be used",
            };
            throw new StartupException($"Database {database} {cause} ({e.Message})");
        }
    }
}
