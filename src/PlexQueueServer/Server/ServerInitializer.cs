using FFMpegCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Server;

/// <summary>
/// Migrates the database and loads tokens in the background, so Kestrel listens at once; <see cref="ServerReady"/>
/// holds requests and the other hosted services until this is done. A failure stops the server with exit code 1.
/// </summary>
public sealed class ServerInitializer(
    IServiceScopeFactory scopes, TokenStore tokens, MachineIdentity identity, Cluster.ClusterInstance cluster, ResolvedPaths paths,
    IOptions<TranscoderOptions> transcoder, ServerReady ready, Web.MediaLinkSigner links,
    IHostApplicationLifetime lifetime, ILogger<ServerInitializer> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await InitializeAsync(lifetime.ApplicationStopping);
                ready.Set();
            }
            catch (Exception e)
            {
                logger.LogCritical(e, "The server cannot start: {Reason}", e.Message.ReplaceLineEndings(" "));
                ready.Fail(e);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task InitializeAsync(CancellationToken ct)
    {
        // ffmpeg and ffprobe from Transcoder:FfmpegPath when set, else from PATH; FFMpegCore's scratch files in our temp.
        GlobalFFOptions.Configure(o =>
        {
            if (!string.IsNullOrWhiteSpace(transcoder.Value.FfmpegPath)) o.BinaryFolder = transcoder.Value.FfmpegPath;
            o.TemporaryFilesFolder = paths.TempPath;
        });
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        // PostgreSQL: accounts, token and identifier are made under the migration lock, so instances starting together agree.
        await db.MigrateAsync(ct, async () =>
        {
            await tokens.InitializeAsync(db, ct);
            if (cluster.IsPostgres)
            {
                await identity.LoadSharedAsync(db, ct);
                await links.LoadSharedAsync(db, ct);
            }
        });
        // Crash recovery before any request is served: no item reads as processing without a job, no stale ffmpeg runs.
        var requeued = await scope.ServiceProvider.GetRequiredService<Queue.ItemLifecycle>().RequeueInterruptedAsync(ct);
        var killed = Conversion.FfmpegProcesses.KillOrphaned(paths);
        logger.LogInformation("Recovered {Requeued} interrupted conversions; ended {Killed} orphaned ffmpeg", requeued, killed);
        if (cluster.IsPostgres)
            logger.LogInformation("Instance {Instance} (role {Role}) on PostgreSQL; lease {Lease}; job folder {TempPath}", cluster.Name, cluster.Role, cluster.LeaseDuration, paths.TempPath);
        logger.LogInformation("Database {DatabasePath}; conversion cache {CachePath}; token file (if generated) {TokenFile}",
            cluster.IsPostgres ? "PostgreSQL" : paths.DatabasePath, paths.CachePath, Path.Combine(paths.DataPath, TokenStore.TokenFileName));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
