using Npgsql;

namespace PlexQueueServer.Cluster;

/// <summary>
/// One-at-a-time across instances (PostgreSQL session advisory locks, held on a connection of their own and freed
/// with it, so a killed instance never keeps one). With SQLite there is one instance: always granted.
/// </summary>
public static class AdvisoryLock
{
    public const long Scan = 0x706C_6578_0002;
    public const long CacheQuota = 0x706C_6578_0003;
    public const long ExpirySweep = 0x706C_6578_0004;
    public const long InstanceSweep = 0x706C_6578_0005;

    /// <summary>Waits for the lock.</summary>
    public static async Task<IAsyncDisposable> TakeAsync(ClusterInstance cluster, long key, CancellationToken ct) =>
        await AcquireAsync(cluster, key, wait: true, ct) ?? throw new InvalidOperationException("advisory lock not granted");

    /// <summary>The lock, or null when another instance holds it.</summary>
    public static Task<IAsyncDisposable?> TryTakeAsync(ClusterInstance cluster, long key, CancellationToken ct) =>
        AcquireAsync(cluster, key, wait: false, ct);

    private static async Task<IAsyncDisposable?> AcquireAsync(ClusterInstance cluster, long key, bool wait, CancellationToken ct)
    {
        if (!cluster.IsPostgres) return Held.None;
        var connection = new NpgsqlConnection(cluster.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand(wait ? $"SELECT pg_advisory_lock({key}), true" : $"SELECT true, pg_try_advisory_lock({key})", connection);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetBoolean(1)) return new Held(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Closing the connection ends the session and with it the lock (unlock is implied; pooling would keep it).</summary>
    private sealed class Held(NpgsqlConnection? connection) : IAsyncDisposable
    {
        public static readonly Held None = new(null);

        public async ValueTask DisposeAsync()
        {
            if (connection is null) return;
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", connection);
                await unlock.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException) { } // the connection is gone, and the lock with it
            await connection.DisposeAsync();
        }
    }
}
