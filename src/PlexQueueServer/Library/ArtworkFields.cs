using System.Globalization;

namespace PlexQueueServer.Library;

/// <summary>The fields clients read to show an item: thumb and art URLs (ts = updatedAt), guid, and the .nfo summary.</summary>
public static class ArtworkFields
{
    public static string ThumbOf(MetadataItem item) => $"{MetadataMapper.KeyOf(item.Id)}/thumb/{Ts(item)}";
    public static string ArtOf(MetadataItem item) => $"{MetadataMapper.KeyOf(item.Id)}/art/{Ts(item)}";

    public static PlexMetadata Add(MetadataItem item, LibrarySection? section, MetadataItem? parent, MetadataItem? grandparent, PlexMetadata metadata)
    {
        if (section is not null && item.FilePath is not null)
        {
            // A leaf tells where its album, artist, season and show live: their pictures and .nfo are found without a query.
            if (parent is not null) LibraryFolders.Remember(section, parent.Id, item.FilePath);
            if (grandparent is not null) LibraryFolders.Remember(section, grandparent.Id, item.FilePath);
        }
        return metadata with
        {
            Guid = $"local://{item.Id.ToString(CultureInfo.InvariantCulture)}",
            Summary = section is null ? null : NfoReader.Summary(item, section),
            Thumb = ThumbOf(item),
            Art = ArtOf(item),
            ParentThumb = parent is null ? null : ThumbOf(parent),
            GrandparentThumb = grandparent is null ? null : ThumbOf(grandparent),
            GrandparentArt = grandparent is null ? null : ArtOf(grandparent),
        };
    }

    private static string Ts(MetadataItem item) => MetadataMapper.Unix(item.UpdatedAt).ToString(CultureInfo.InvariantCulture);
}
