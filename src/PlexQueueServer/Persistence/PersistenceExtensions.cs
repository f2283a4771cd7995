using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Persistence;

public static class PersistenceExtensions
{
    public static IServiceCollection AddPlexPersistence(this IServiceCollection services)
    {
        services.AddDbContext<PlexDbContext>((sp, options) =>
        {
            var paths = sp.GetRequiredService<ResolvedPaths>();
            // Busy timeout lets the API and the worker write concurrently without "database is locked".
            options.UseSqlite($"Data Source={paths.DatabasePath};Pooling=true;Default Timeout=30");
        });
        return services;
    }

    /// <summary>Applies migrations and turns on WAL, so a crash mid-write never corrupts the database.</summary>
    public static async Task MigrateAsync(this PlexDbContext db, CancellationToken ct)
    {
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
    }
}
