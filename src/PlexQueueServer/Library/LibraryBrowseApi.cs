using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>GET /library's entry points: the library root, recently added, on deck, and a container's children and leaves.</summary>
public static class LibraryBrowseApi
{
    /// <summary>PMS answers recentlyAdded with a bounded list when the client names no page size.</summary>
    public const int RecentlyAddedDefaultSize = 50;

    /// <summary>What recentlyAdded lists: as PMS, new episodes and tracks show as their season and album.</summary>
    private static readonly string[] RecentKinds = ["movie", "season", "album"];

    public static IEndpointRouteBuilder MapLibraryBrowse(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/library", GetLibrary).WithTags("Library").WithName("getLibrary")
            .WithSummary("The library's entry points: sections, recently added and on deck");
        routes.MapGet("/library/recentlyAdded", GetRecentlyAdded).WithTags("Library").WithName("getRecentlyAdded")
            .WithSummary("Movies, seasons and albums, newest first");
        routes.MapGet("/library/onDeck", GetOnDeck).WithTags("Library").WithName("getOnDeck")
            .WithSummary("Items in progress (none: the server keeps no watch state)");
        routes.MapGet("/library/metadata/{ratingKey}/children", GetChildren).WithTags("Content").WithName("getMetadataChildren")
            .WithSummary("A show's seasons, a season's episodes, an artist's albums or an album's tracks");
        routes.MapGet("/library/metadata/{ratingKey}/allLeaves", GetAllLeaves).WithTags("Content").WithName("getAllLeaves")
            .WithSummary("Every episode of a show or season, every track of an artist or album, in order");
        return routes;
    }

    public static IResult GetLibrary() => PlexResults.Ok(new LibraryRootContainer(new LibraryRootBody
    {
        Size = 3,
        Title1 = "Plex Library",
        Directory =
        [
            new DetailsDirectory("sections", "Library Sections"),
            new DetailsDirectory("recentlyAdded", "Recently Added Content"),
            new DetailsDirectory("onDeck", "On Deck Content"),
        ],
    }));

    public static async Task<IResult> GetRecentlyAdded(HttpRequest request, HttpResponse response, LibrarySections sections,
        LibraryCatalog catalog, PlexDbContext db, CancellationToken ct)
    {
        if (!Paging.TryRead(request, out var paging, out var error)) return PlexResults.BadRequest(error!);
        paging = paging with { Size = paging.Size ?? RecentlyAddedDefaultSize };
        var query = db.Metadata.AsNoTracking().Where(m => RecentKinds.Contains(m.Type));
        var total = await query.CountAsync(ct);
        var rows = await paging.Apply(query.OrderByDescending(m => m.AddedAt).ThenByDescending(m => m.Id)).ToListAsync(ct);
        var metadata = await LibraryApi.ToPlexAsync(rows, db, sections, catalog, ct);
        paging.WriteHeaders(response, total);
        return PlexResults.Ok(new MetadataContainer(new MetadataBody
        {
            Size = metadata.Count, TotalSize = total, Offset = paging.Start, Title1 = "Recently Added", Metadata = metadata,
        }));
    }

    public static IResult GetOnDeck() => PlexResults.Ok(new MetadataContainer(new MetadataBody
    {
        Size = 0, Title1 = "On Deck", Metadata = [],
    }));

    public static Task<IResult> GetChildren(string ratingKey, HttpRequest request, HttpResponse response, LibrarySections sections,
        LibraryCatalog catalog, PlexDbContext db, CancellationToken ct) =>
        ListUnderAsync(ratingKey, leaves: false, request, response, sections, catalog, db, ct);

    public static Task<IResult> GetAllLeaves(string ratingKey, HttpRequest request, HttpResponse response, LibrarySections sections,
        LibraryCatalog catalog, PlexDbContext db, CancellationToken ct) =>
        ListUnderAsync(ratingKey, leaves: true, request, response, sections, catalog, db, ct);

    /// <summary>A container's children or leaves, paged; a playable item has none (an empty list, as PMS).</summary>
    private static async Task<IResult> ListUnderAsync(string ratingKey, bool leaves, HttpRequest request, HttpResponse response,
        LibrarySections sections, LibraryCatalog catalog, PlexDbContext db, CancellationToken ct)
    {
        if (!int.TryParse(ratingKey, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id <= 0)
            return PlexResults.BadRequest($"'{IdList.Truncate(ratingKey)}' is not a rating key: rating keys are positive integers.");
        if (!Paging.TryRead(request, out var paging, out var error)) return PlexResults.BadRequest(error!);
        var item = await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (item is null) return PlexResults.NotFound($"No library item with rating key {id}.");

        var all = leaves ? await LibraryTree.LeavesAsync(db, item, ct) : await LibraryTree.ChildrenAsync(db, item, ct);
        var page = paging.Apply(all.AsQueryable()).ToList();
        var metadata = await LibraryApi.ToPlexAsync(page, db, sections, catalog, ct);
        var section = sections.Find(item.SectionId);
        var parent = item.ParentId is { } p ? await db.Metadata.AsNoTracking().FirstOrDefaultAsync(m => m.Id == p, ct) : null;
        paging.WriteHeaders(response, all.Count);
        return PlexResults.Ok(new MetadataContainer(new MetadataBody
        {
            Size = metadata.Count,
            TotalSize = all.Count,
            Offset = paging.Start,
            Key = item.Id.ToString(CultureInfo.InvariantCulture),
            LibrarySectionID = section?.Id,
            LibrarySectionTitle = section?.Title,
            LibrarySectionUUID = section?.Uuid,
            ParentTitle = item.Title,
            ParentIndex = item.Index,
            Title1 = parent?.Title ?? section?.Title,
            Title2 = item.Title,
            ViewGroup = all.FirstOrDefault()?.Type ?? ChildKind(item.Type, leaves),
            Metadata = metadata,
        }));
    }

    private static string? ChildKind(string type, bool leaves) => type switch
    {
        "show" => leaves ? "episode" : "season",
        "season" => "episode",
        "artist" => leaves ? "track" : "album",
        "album" => "track",
        _ => null,
    };
}

/// <summary>GET /library: MediaContainer with one Directory per entry point, as PMS.</summary>
public sealed record LibraryRootContainer([property: JsonPropertyName("MediaContainer")] LibraryRootBody MediaContainer);

public sealed record LibraryRootBody
{
    public int Size { get; init; }
    public bool AllowSync { get; init; }
    public string Identifier { get; init; } = "com.plexapp.plugins.library";
    public required string Title1 { get; init; }
    [JsonPropertyName("Directory")] public required IReadOnlyList<DetailsDirectory> Directory { get; init; }
}
