using System.Threading.Channels;
using Npgsql;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Cluster;

/// <summary>
/// PostgreSQL LISTEN/NOTIFY beside the in-process QueueSignals: an add on any instance wakes idle workers everywhere
/// within a second, and a delete or restart ends the job on whichever instance runs it. Polling stays the fallback
/// (a notification sent while an instance was not listening is not replayed, so it looks again after reconnecting).
/// </summary>
public sealed class ClusterSignals(ClusterInstance cluster, QueueSignals signals, TranscodeJobs jobs, ILogger<ClusterSignals> logger)
    : BackgroundService
{
    private const string ChannelName = "plexqueue";
    private readonly Channel<string> _outbox = Channel.CreateUnbounded<string>();

    public override Task StartAsync(CancellationToken ct)
    {
        if (cluster.IsPostgres) signals.Broadcast = message => _outbox.Writer.TryWrite(message);
        return base.StartAsync(ct);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) =>
        cluster.IsPostgres ? Task.WhenAll(ListenAsync(stopping), SendAsync(stopping)) : Task.CompletedTask;

    private async Task ListenAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                // Keepalive: a connection cut off silently is noticed and opened again.
                await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(cluster.ConnectionString) { KeepAlive = 10 }.ConnectionString);
                await connection.OpenAsync(stopping);
                connection.Notification += (_, e) => Handle(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {ChannelName}", connection)) await listen.ExecuteNonQueryAsync(stopping);
                signals.WakeDeciderHere(); // whatever was said while we were not listening
                signals.WakeConvertersHere();
                while (true) await connection.WaitAsync(stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested) { return; }
            catch (Exception ex)
            {
                logger.LogWarning("LISTEN {Channel} lost ({Error}); polling until it is back", ChannelName, ex.Message.ReplaceLineEndings(" "));
                await Task.Delay(TimeSpan.FromSeconds(1), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    private void Handle(string payload)
    {
        if (payload == "decide") signals.WakeDeciderHere();
        else if (payload == "convert") signals.WakeConvertersHere();
        else if (payload.Split(':') is ["cancel", var id, var attempt] && int.TryParse(id, out var itemId) && int.TryParse(attempt, out var below))
            jobs.CancelBelow(itemId, below);
    }

    /// <summary>Sends what the outbox holds, a burst of identical wake-ups as one notification.</summary>
    private async Task SendAsync(CancellationToken stopping)
    {
        NpgsqlConnection? connection = null;
        try
        {
            while (await _outbox.Reader.WaitToReadAsync(stopping))
            {
                var batch = new List<string>();
                while (_outbox.Reader.TryRead(out var message)) if (!batch.Contains(message)) batch.Add(message);
                try
                {
                    if (connection is null)
                    {
                        connection = new NpgsqlConnection(cluster.ConnectionString);
                        await connection.OpenAsync(stopping);
                    }
                    foreach (var message in batch)
                    {
                        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", connection);
                        notify.Parameters.AddWithValue("channel", ChannelName);
                        notify.Parameters.AddWithValue("payload", message);
                        await notify.ExecuteNonQueryAsync(stopping);
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or System.IO.IOException)
                {
                    // Lost: the other instances' polling finds the work, and a lease renewal ends a cancelled job.
                    logger.LogWarning("NOTIFY failed ({Error}); the other instances will notice by polling", ex.Message.ReplaceLineEndings(" "));
                    if (connection is not null) await connection.DisposeAsync();
                    connection = null;
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested) { }
        finally { if (connection is not null) await connection.DisposeAsync(); }
    }
}
