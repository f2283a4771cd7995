using Microsoft.EntityFrameworkCore;
using Npgsql;
using PlexQueueServer.Cluster;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Persistence;

public static class PersistenceExtensions
{
    /// <summary>Key of the advisory lock instances take to migrate, so several starting together do not race.</summary>
    private const long MigrationLock = 0x706C_6578_0001;

    public static IServiceCollection AddPlexPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration("Database");
        services.AddSingleton<ClusterInstance>();
        // Pooled: every request asks for a context, and a pooled one skips building the context's services each time.
        services.AddPooledDbContextFactory<PostgresDbContext>((sp, options) =>
        {
            options.UseNpgsql(sp.GetRequiredService<ClusterInstance>().ConnectionString);
        });
        services.AddPooledDbContextFactory<PlexDbContext>((sp, options) =>
        {
            var paths = sp.GetRequiredService<ResolvedPaths>();
            // Busy timeout lets the API and the worker write concurrently without "database is locked".
            options.UseSqlite($"Data Source={paths.DatabasePath};Pooling=true;Default Timeout=30");
        });
        // Database:Provider picks the context: the PostgreSQL subclass only carries PostgreSQL's migrations.
        // Disposed with the scope, which returns it to its pool.
        services.AddScoped<PlexDbContext>(sp => sp.GetRequiredService<ClusterInstance>().IsPostgres
            ? sp.GetRequiredService<IDbContextFactory<PostgresDbContext>>().CreateDbContext()
            : sp.GetRequiredService<IDbContextFactory<PlexDbContext>>().CreateDbContext());
        return services;
    }

    public static bool IsPostgres(this PlexDbContext db) => db is PostgresDbContext;

    /// <summary>
    /// Applies migrations. SQLite: turns on WAL, so a crash mid-write never corrupts the database. PostgreSQL: under an
    /// advisory lock held on a connection of its own, so instances starting together migrate one after the other.
    /// </summary>
    /// <param name="thenUnderLock">Start-up writes every instance must agree on (accounts, shared token and identifier).</param>
    public static async Task MigrateAsync(this PlexDbContext db, CancellationToken ct, Func<Task>? thenUnderLock = null)
    {
        if (db.IsPostgres())
        {
            await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
            await connection.OpenAsync(ct);
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLock})", connection)) await take.ExecuteNonQueryAsync(ct);
            try
            {
                await db.Database.MigrateAsync(ct);
                if (thenUnderLock is not null) await thenUnderLock();
            }
            finally
            {
                await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLock})", connection);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            return;
        }
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=NORMAL;", ct);
        if (thenUnderLock is not null) await thenUnderLock();
    }
}
