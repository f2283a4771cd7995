using PlexQueueServer.Decisions;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>Library look-ups for the queue: playable items with their cached ffprobe facts.</summary>
public sealed class LibraryCatalog(PlexDbContext db)
{
    public async Task<(MetadataItem Item, MediaFacts Facts)?> FindPlayableAsync(int ratingKey, CancellationToken ct)
    {
        var item = await db.Metadata.FindAsync([ratingKey], ct);
        if (item?.FilePath is null || item.ProbeJson is null || !File.Exists(item.FilePath)) return null;
        return (item, MediaFactsReader.FromProbeJson(item.ProbeJson, item.FilePath, item.FileSize));
    }
}
