using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Auth;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Persistence;

public sealed class PlexDbContext(DbContextOptions<PlexDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<DownloadQueue> Queues => Set<DownloadQueue>();
    public DbSet<DownloadQueueItem> Items => Set<DownloadQueueItem>();
    public DbSet<MetadataItem> Metadata => Set<MetadataItem>();
    public DbSet<SidecarSubtitle> Sidecars => Set<SidecarSubtitle>();

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
