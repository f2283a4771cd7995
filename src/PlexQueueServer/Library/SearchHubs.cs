using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>GET /hubs/search: one Hub per kind of item whose title contains the query, as PMS's search answers.</summary>
public static class SearchHubs
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    /// <summary>The kinds searched, in PMS's order, with the hub titles clients show.</summary>
    private static readonly (string Type, string Title)[] Hubs =
    [
        ("movie", "Movies"), ("show", "Shows"), ("episode", "Episodes"), ("artist", "Artists"), ("album", "Albums"), ("track", "Tracks"),
    ];

    public static IEndpointRouteBuilder MapSearchHubs(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/hubs/search", Search).WithTags("Search").WithName("searchHubs")
            .WithSummary("Search the library: one hub per type (movie, show, episode, artist, album, track)");
        return routes;
    }

    /// <param name="query">Text the titles contain (any case).</param>
    /// <param name="limit">Items per hub (default 10, at most 100).</param>
    /// <param name="sectionId">Only this section.</param>
    public static async Task<IResult> Search(string? query, string? limit, string? sectionId, LibrarySections sections,
        LibraryCatalog catalog, PlexDbContext db, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(query)) return PlexResults.BadRequest("The query parameter is required (for example query=pilot).");
        if (query.Length > SectionContent.MaxFilterLength) return PlexResults.BadRequest($"query is longer than {SectionContent.MaxFilterLength} characters.");
        var perHub = DefaultLimit;
        if (!string.IsNullOrEmpty(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out perHub) || perHub is < 1 or > MaxLimit))
            return PlexResults.BadRequest($"limit must be an integer from 1 to {MaxLimit}.");
        int? section = null;
        if (!string.IsNullOrEmpty(sectionId))
        {
            if (!int.TryParse(sectionId, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || sections.Find(s) is null)
                return PlexResults.BadRequest($"'{IdList.Truncate(sectionId)}' is not a library section id.");
            section = s;
        }

        var matching = db.Metadata.AsNoTracking();
        var title = query.Trim();
        if (!SectionContent.TryFilter(ref matching, title, null, out var error)) return PlexResults.BadRequest(error!);
        if (section is { } only) matching = matching.Where(m => m.SectionId == only);

        var found = new List<(string Type, string Title, int Total, List<MetadataItem> Rows)>();
        foreach (var (type, hubTitle) in Hubs)
        {
            var ofType = matching.Where(m => m.Type == type);
            var total = await ofType.CountAsync(ct);
            var rows = total == 0 ? [] : await ofType.OrderBy(m => EF.Functions.Collate(m.Title, "NOCASE")).ThenBy(m => m.Id).Take(perHub).ToListAsync(ct);
            found.Add((type, hubTitle, total, rows));
        }
        // One batch for every hub's items: parents and counts are loaded once.
        var metadata = await LibraryApi.ToPlexAsync(found.SelectMany(f => f.Rows).ToList(), db, sections, catalog, ct);
        var byKey = metadata.ToDictionary(m => m.RatingKey);
        var hubs = found.Select(f => new PlexHub
        {
            Title = f.Title,
            Type = f.Type,
            HubIdentifier = f.Type,
            Context = $"hub.search.{f.Type}",
            HubKey = f.Rows.Count == 0 ? null : "/library/metadata/" + string.Join(",", f.Rows.Select(r => r.Id)),
            Size = f.Rows.Count,
            More = f.Total > f.Rows.Count,
            Metadata = f.Rows.Count == 0 ? null : f.Rows.Select(r => byKey[r.Id.ToString(CultureInfo.InvariantCulture)]).ToList(),
        }).ToList();
        return PlexResults.Ok(new HubsContainer(new HubsBody { Size = hubs.Count, Hub = hubs }));
    }
}

public sealed record HubsContainer([property: JsonPropertyName("MediaContainer")] HubsBody MediaContainer);

public sealed record HubsBody
{
    public int Size { get; init; }
    public bool AllowSync { get; init; }
    public string Identifier { get; init; } = "com.plexapp.plugins.library";
    [JsonPropertyName("Hub")] public required IReadOnlyList<PlexHub> Hub { get; init; }
}

/// <summary>A search hub: its items are Metadata in JSON and Video/Directory/Track in XML (PlexSerializer).</summary>
public sealed record PlexHub
{
    public required string Title { get; init; }
    [JsonPropertyName("type")] public required string Type { get; init; }
    public required string HubIdentifier { get; init; }
    public required string Context { get; init; }
    public string? HubKey { get; init; }
    public int Size { get; init; }
    public bool More { get; init; }
    public string Style { get; init; } = "shelf";
    [JsonPropertyName("Metadata")] public IReadOnlyList<PlexMetadata>? Metadata { get; init; }
}
