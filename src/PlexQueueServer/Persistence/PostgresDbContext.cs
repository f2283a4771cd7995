using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace PlexQueueServer.Persistence;

/// <summary>
/// The same model on PostgreSQL. A type of its own only so its migrations (Persistence/Migrations/Postgres) are
/// a set apart from SQLite's; the app resolves it as <see cref="PlexDbContext"/>.
/// </summary>
public sealed class PostgresDbContext : PlexDbContext
{
    public PostgresDbContext(DbContextOptions<PostgresDbContext> options) : base(options) { }

    /// <summary>SQLite's built-in NOCASE, which the library's title ordering names, as a case-insensitive ICU collation.</summary>
    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.HasCollation("NOCASE", locale: "und-u-ks-level2", provider: "icu", deterministic: false);
    }

    /// <summary>
    /// Every DateTime is UTC, as SQLite holds them; "timestamp with time zone" takes only Kind=Utc, so say so on the
    /// way in and out (a file's mtime or a parsed value may come as Unspecified).
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        configuration.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configuration.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    private sealed class UtcDateTimeConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTime, DateTime>(
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>`dotnet ef migrations add X --context PostgresDbContext` builds the model without a server.</summary>
public sealed class PostgresDbContextFactory : IDesignTimeDbContextFactory<PostgresDbContext>
{
    public PostgresDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresDbContext>().UseNpgsql("Host=localhost;Database=plexqueue").Options);
}

/// <summary>`dotnet ef migrations add X --context PlexDbContext` (SQLite's set) builds the model without the host.</summary>
public sealed class SqliteDbContextFactory : IDesignTimeDbContextFactory<PlexDbContext>
{
    public PlexDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlexDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
