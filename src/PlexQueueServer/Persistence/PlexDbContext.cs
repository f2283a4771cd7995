using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Auth;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Persistence;

/// <summary>One model for both providers; SQLite's migrations belong to this type, PostgreSQL's to <see cref="PostgresDbContext"/>.</summary>
public class PlexDbContext : DbContext
{
    public PlexDbContext(DbContextOptions<PlexDbContext> options) : base(options) { }

    /// <summary>For the PostgreSQL subclass: EF Core keys a migrations set by the context type.</summary>
    protected PlexDbContext(DbContextOptions options) : base(options) { }

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<DownloadQueue> Queues => Set<DownloadQueue>();
    public DbSet<DownloadQueueItem> Items => Set<DownloadQueueItem>();
    public DbSet<MetadataItem> Metadata => Set<MetadataItem>();
    public DbSet<SidecarSubtitle> Sidecars => Set<SidecarSubtitle>();
    public DbSet<Cluster.ServerInstance> Instances => Set<Cluster.ServerInstance>();
    public DbSet<Cluster.ServerSetting> Settings => Set<Cluster.ServerSetting>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        b.Entity<Account>().HasIndex(a => a.Name).IsUnique();

        b.Entity<DownloadQueue>(q =>
        {
            q.HasIndex(x => new { x.AccountId, x.ClientIdentifier }).IsUnique();
            q.HasMany(x => x.Items).WithOne(i => i.Queue).HasForeignKey(i => i.QueueId).OnDelete(DeleteBehavior.Cascade);
        });

        b.Entity<DownloadQueueItem>(i =>
        {
            i.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
            i.HasIndex(x => new { x.QueueId, x.Key });
            // Dedupe held by the database: racing identical adds cannot both insert (NULL = stored before the hash, never equal).
            i.Property(x => x.DedupeHash).HasMaxLength(64);
            i.HasIndex(x => new { x.QueueId, x.Key, x.DedupeHash }).IsUnique();
            // GET …/items pages a queue in id order: without it SQLite sorts the whole queue per request.
            i.HasIndex(x => new { x.QueueId, x.Id });
            i.HasIndex(x => x.Status);
            // Shared conversions find an available item with the same source and plan by this.
            i.Property(x => x.ConversionKey).HasMaxLength(64);
            i.HasIndex(x => x.ConversionKey);
            i.Property(x => x.Owner).HasMaxLength(200);
        });

        b.Entity<Cluster.ServerInstance>(s =>
        {
            s.HasKey(x => x.Name);
            s.Property(x => x.Name).HasMaxLength(200);
            s.Property(x => x.Role).HasMaxLength(16);
        });
        b.Entity<Cluster.ServerSetting>(s =>
        {
            s.HasKey(x => x.Key);
            s.Property(x => x.Key).HasMaxLength(64);
        });

        b.Entity<MetadataItem>(m =>
        {
            m.HasIndex(x => new { x.SectionId, x.Type });
            m.HasIndex(x => x.FilePath);
            m.HasIndex(x => x.ParentId);
        });

        // A video's sidecar subtitles go with its row; AUTOINCREMENT so a removed sidecar's stream id is never reused.
        b.Entity<SidecarSubtitle>(s =>
        {
            s.ToTable("Sidecars");
            s.HasIndex(x => x.MetadataId);
            s.HasOne<MetadataItem>().WithMany().HasForeignKey(x => x.MetadataId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
