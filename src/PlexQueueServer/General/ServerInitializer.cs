using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.General;

/// <summary>Migrates the database and loads tokens before the other hosted services start.</summary>
public sealed class ServerInitializer(IServiceScopeFactory scopes, TokenStore tokens, ResolvedPaths paths, ILogger<ServerInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        await db.MigrateAsync(ct);
        await tokens.InitializeAsync(db, ct);
        logger.LogInformation("Database {DatabasePath}; conversion cache {CachePath}; token file (if generated) {TokenFile}",
            paths.DatabasePath, paths.CachePath, Path.Combine(paths.DataPath, TokenStore.TokenFileName));
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
