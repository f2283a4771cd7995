using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>
/// Brings a section's rows in line with its folder: probes new or changed files once (the JSON is cached),
/// drops rows for files that disappeared. Rows keep their ids (SQLite AUTOINCREMENT never reuses them).
/// </summary>
public sealed class LibraryScanner(IServiceScopeFactory scopes, LibrarySections sections, Cluster.ClusterInstance cluster, ILogger<LibraryScanner> logger)
{
    public static readonly HashSet<string> VideoExtensions = new(StringComparer.OrdinalIgnoreCase) { ".mp4", ".m4v", ".mov", ".mkv", ".webm", ".avi", ".ts" };
    public static readonly HashSet<string> AudioExtensions = new(StringComparer.OrdinalIgnoreCase) { ".mp3", ".flac", ".m4a", ".ogg", ".opus", ".wav" };

    public async Task ScanAllAsync(CancellationToken ct)
    {
        foreach (var section in sections.All)
            await ScanAsync(section, ct);
    }

    /// <summary>One scan per section at a time; a second caller waits and then scans again (it may have newer changes).</summary>
    public Task ScanAsync(LibrarySection section, CancellationToken ct) => ScanAsync(section, force: false, ct);

    /// <param name="force">Probe every file again, even those whose size and mtime are unchanged.</param>
    public async Task ScanAsync(LibrarySection section, bool force, CancellationToken ct)
    {
        await section.Gate.WaitAsync(ct);
        section.Refreshing = true;
        try
        {
            // Several instances on one PostgreSQL library: one scans at a time (the next then finds little to do).
            await using var scanning = await Cluster.AdvisoryLock.TakeAsync(cluster, Cluster.AdvisoryLock.Scan, ct);
            var started = DateTime.UtcNow;
            var (added, updated, removed) = await ScanCoreAsync(section, force, ct);
            section.ScannedAt = DateTime.UtcNow;
            logger.LogInformation("Scanned section {SectionId} {SectionTitle}: {Added} added, {Updated} updated, {Removed} removed in {ElapsedMs} ms",
                section.Id, section.Title, added, updated, removed, (int)(DateTime.UtcNow - started).TotalMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scan of section {SectionId} {SectionTitle} failed", section.Id, section.Title);
        }
        finally
        {
            section.Refreshing = false;
            section.Gate.Release();
        }
    }

    private async Task<(int Added, int Updated, int Removed)> ScanCoreAsync(LibrarySection section, bool force, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        // An unmounted disk must not empty the section: its ids would be lost for good.
        if (!Directory.Exists(section.Path))
        {
            logger.LogWarning("Section {SectionId} folder {SectionPath} is missing; its items are kept until it is back", section.Id, section.Path);
            return (0, 0, 0);
        }
        var rows = await db.Metadata.Where(m => m.SectionId == section.Id).ToListAsync(ct);
        var byPath = rows.Where(r => r.FilePath != null).GroupBy(r => r.FilePath!).ToDictionary(g => g.Key, g => g.First());
        var extensions = section.Type == "artist" ? AudioExtensions : VideoExtensions;
        var files = SafeWalker.Files(section.Path, extensions, logger);

        var containers = new ContainerRows(db, section.Id, rows);
        var byId = rows.ToDictionary(r => r.Id);
        int added = 0, updated = 0;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            ct.ThrowIfCancellationRequested();
            seen.Add(file.FullName);
            byPath.TryGetValue(file.FullName, out var row);
            var mtime = file.LastWriteTimeUtc;
            if (!force && row is not null && row.FileSize == file.Length && row.FileModifiedAt == mtime)
            {
                // Episodes scanned before seasons existed hang off their show: placed again in place (same id, no probe).
                if (LibraryTree.NeedsSeason(section, row, byId))
                {
                    await DescribeAsync(section, row, row.ProbeJson ?? "{}", containers, ct);
                    updated++;
                }
                continue;
            }
            string json;
            Decisions.MediaFacts facts;
            try
            {
                json = await MediaFactsReader.ProbeJsonAsync(file.FullName, ct);
                facts = MediaFactsReader.FromProbeJson(json, file.FullName, file.Length); // reject what we could not read later
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Skipping {FilePath}: ffprobe could not read it", file.FullName);
                continue;
            }
            var now = DateTime.UtcNow;
            var isNew = row is null;
            row ??= new MetadataItem { SectionId = section.Id, FilePath = file.FullName, AddedAt = now };
            row.FileSize = file.Length;
            row.FileModifiedAt = mtime;
            row.ProbeJson = json;
            row.DurationMs = facts.DurationMs;
            row.UpdatedAt = now;
            await DescribeAsync(section, row, json, containers, ct);
            if (isNew) { db.Metadata.Add(row); added++; }
            else updated++;
            // Save as we go: a big first scan shows items early and a crash keeps what was probed.
            if ((added + updated) % 20 == 0) await db.SaveChangesAsync(ct);
        }

        var gone = byPath.Values.Where(r => !seen.Contains(r.FilePath!)).ToList();
        db.Metadata.RemoveRange(gone);
        await db.SaveChangesAsync(ct);
        await RemoveEmptyContainersAsync(db, section.Id, ct);
        await SidecarSubtitles.SyncAsync(db, section, logger, ct); // every scan: a subtitle can come or go beside an unchanged video
        return (added, updated, gone.Count);
    }

    /// <summary>Type, title, year, index and parent of a playable row, from the section kind, tags and the file name.</summary>
    private static async Task DescribeAsync(LibrarySection section, MetadataItem row, string json, ContainerRows containers, CancellationToken ct)
    {
        var path = row.FilePath!;
        switch (section.Type)
        {
            case "artist":
            {
                var tags = Tags.From(json);
                var (fallbackTitle, fallbackNumber) = TitleParser.Track(path);
                var relative = Path.GetRelativePath(section.Path, path).Split(Path.DirectorySeparatorChar);
                var artist = tags.Get("album_artist") ?? tags.Get("artist") ?? (relative.Length >= 3 ? relative[0] : "Unknown Artist");
                var album = tags.Get("album") ?? (relative.Length >= 2 ? relative[^2] : "Unknown Album");
                row.Type = "track";
                row.Title = tags.Get("title") ?? fallbackTitle;
                row.Index = TitleParser.TrackNumber(tags.Get("track")) ?? fallbackNumber;
                row.Year = TitleParser.TagYear(tags.Get("date")) ?? TitleParser.TagYear(tags.Get("year"));
                var artistId = await containers.GetIdAsync("artist", artist, null, ct);
                row.ParentId = await containers.GetIdAsync("album", album, artistId, ct, year: row.Year);
                break;
            }
            case "show":
            {
                var relative = Path.GetRelativePath(section.Path, path).Split(Path.DirectorySeparatorChar);
                var (showTitle, season, episode, title) = LibraryTree.Episode(relative, path);
                row.Type = "episode";
                row.Title = title;
                row.Index = episode;
                row.Year = null;
                var showId = await containers.GetIdAsync("show", showTitle, null, ct);
                row.ParentId = await containers.GetIdAsync("season", TitleParser.SeasonTitle(season), showId, ct, index: season);
                break;
            }
            default:
            {
                var (title, year) = TitleParser.Movie(path);
                row.Type = "movie";
                row.Title = title;
                row.Year = year;
                row.ParentId = null;
                break;
            }
        }
    }

    /// <summary>Albums, seasons, artists and shows that lost their last child go too.</summary>
    private static async Task RemoveEmptyContainersAsync(PlexDbContext db, int sectionId, CancellationToken ct)
    {
        for (var pass = 0; pass < 2; pass++) // albums and seasons first, then the artists and shows they emptied
        {
            await db.Metadata
                .Where(m => m.SectionId == sectionId && m.FilePath == null && !db.Metadata.Any(c => c.ParentId == m.Id))
                .ExecuteDeleteAsync(ct);
        }
    }
}
