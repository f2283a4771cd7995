using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Decisions;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>What other features (the download queue) ask of the library: a playable item and its probe facts.</summary>
public sealed class LibraryCatalog(IServiceScopeFactory scopes, ILogger<LibraryCatalog> logger)
{
    /// <summary>
    /// The movie, episode or track with this ratingKey and its MediaFacts (from the cached ffprobe JSON, plus sidecar subtitles);
    /// null for unknown ids, containers (artist, album, show) and files no longer on disk.
    /// </summary>
    public async Task<(MetadataItem Item, MediaFacts Facts)?> FindPlayableAsync(int ratingKey, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        var item = await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == ratingKey, ct);
        if (item is null || !TryFacts(item, out var facts) || !File.Exists(item.FilePath)) return null;
        return (item, await SidecarSubtitles.WithSidecarsAsync(db, item.Id, facts, ct));
    }

    /// <summary>
    /// The file name a download gets, as people name their files: "Movie (2021)", "Show - S01E02 - Title",
    /// "Artist - Title" (a bare episode title like "Episode 2" says nothing once it sits in Downloads).
    /// </summary>
    public async Task<string> DownloadNameAsync(MetadataItem item, CancellationToken ct)
    {
        if (item.Type is not ("episode" or "track") || item.ParentId is null)
            return item.Year is { } year ? $"{item.Title} ({year})" : item.Title;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
        var parent = await db.Metadata.AsNoTracking().Where(m => m.Id == item.ParentId)
            .Select(m => new { m.Index, m.ParentId }).FirstOrDefaultAsync(ct);
        var top = parent?.ParentId is { } topId
            ? await db.Metadata.AsNoTracking().Where(m => m.Id == topId).Select(m => m.Title).FirstOrDefaultAsync(ct)
            : null;
        if (top is null) return item.Title;
        return item.Type == "episode"
            ? $"{top} - S{parent!.Index ?? 0:00}E{item.Index ?? 0:00} - {item.Title}"
            : $"{top} - {item.Title}";
    }

    /// <summary>Facts of a playable row; false for containers and unreadable cached JSON (logged).</summary>
    public bool TryFacts(MetadataItem item, out MediaFacts facts)
    {
        facts = null!;
        if (item.FilePath is null || string.IsNullOrEmpty(item.ProbeJson)) return false;
        try
        {
            facts = MediaFactsReader.FromProbeJson(item.ProbeJson, item.FilePath, item.FileSize);
            return true;
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Cached probe data of item {RatingKey} ({FilePath}) is unreadable", item.Id, item.FilePath);
            return false;
        }
    }
}
