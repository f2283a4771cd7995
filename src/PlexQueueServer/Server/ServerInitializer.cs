using FFMpegCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Server;

/// <summary>Migrates the database and loads tokens before the other hosted services start.</summary>
public sealed class ServerInitializer(
    IServiceScopeFactory scopes, TokenStore tokens, ResolvedPaths paths, IOptions<TranscoderOptions> transcoder, ILogger<ServerInitializer> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        // ffmpeg and ffprobe from Transcoder:FfmpegPath when set, else from PATH; FFMpegCore's scratch files in our temp.
        GlobalFFOptions.Configure(o =>
        {
            if (!string.IsNullOrWhiteSpace(transcoder.Value.FfmpegPath)) o.BinaryFolder = transcoder.Value.FfmpegPath;
            o.TemporaryFilesFolder = paths.TempPath;
        });
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        await db.MigrateAsync(ct);
        await tokens.InitializeAsync(db, ct);
        logger.LogInformation("Database {DatabasePath}; conversion cache {CachePath}; token file (if generated) {TokenFile}",
            paths.DatabasePath, paths.CachePath, Path.Combine(paths.DataPath, TokenStore.TokenFileName));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
