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
