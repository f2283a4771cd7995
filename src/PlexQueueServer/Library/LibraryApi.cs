using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

public static class LibraryApi
{
    public static IServiceCollection AddLibrary(this IServiceCollection services)
    {
        services.AddSingleton<LibrarySections>();
        services.AddSingleton<LibraryScanner>();
        services.AddSingleton<LibraryCatalog>();
        services.AddHostedService<LibraryWatcher>();
        return services;
    }

    public static IEndpointRouteBuilder MapLibrary(this IEndpointRouteBuilder routes)
    {
        var sections = routes.MapGroup("/library/sections").WithTags("Library");
        sections.MapGet("/all", GetSections).WithName("getSections").WithSummary("Get the library sections");
        // Element-driven clients list sections here, without /all.
        sections.MapGet("", GetSections).WithName("getAllLibraries").WithSummary("Get the library sections (same as /all)");
        sections.MapGet("/{sectionId}", GetLibraryDetails).WithName("getLibraryDetails").WithSummary("Get a library section by id");
        sections.MapGet("/{sectionId}/all", ListContent).WithName("listContent").WithSummary("Get the items of a section");
        sections.MapPost("/{sectionId}/refresh", RefreshSection).WithName("refreshSection").WithSummary("Rescan a section");
        sections.MapGet("/{sectionId}/refresh", RefreshSection).WithName("getRefreshLibraryMetadata").WithSummary("Rescan a section (as PMS, also by GET)");
        routes.MapGet("/library/metadata/{ids}", GetMetadataItem).WithTags("Content")
            .WithName("getMetadataItem").WithSummary("Get metadata items by their comma-separated rating keys");
        routes.MapLibraryBrowse();
        routes.MapSearchHubs();
        routes.MapLibraryFiles();
        return routes;
    }

    /// <summary>Plex's numeric type filter (?type=) for each section kind; the first is the default listing.</summary>
    private static readonly Dictionary<string, (int Number, string Type)[]> TypesBySection = new()
    {
        ["movie"] = [(1, "movie")],
        ["show"] = [(2, "show"), (3, "season"), (4, "episode")],
        ["artist"] = [(8, "artist"), (9, "album"), (10, "track")],
    };

    public static IResult GetSections(LibrarySections sections)
    {
        var directories = sections.All.Select(ToPlex).ToList();
        return PlexResults.Ok(new SectionsContainer(new SectionsBody
        {
            Size = directories.Count, AllowSync = true, Title1 = "Plex Library", Directory = directories,
        }));
    }

    public static IResult GetLibraryDetails(string sectionId, LibrarySections sections)
    {
        if (FindSection(sectionId, sections, out var section) is { } error) return error;
        var noun = section.Type switch { "artist" => "Artists", "show" => "Shows", _ => "Movies" };
        return PlexResults.Ok(new DetailsContainer(new DetailsBody
        {
            Size = 1,
            LibrarySectionID = section.Id,
            Title1 = section.Title,
            Directory = [new DetailsDirectory("all", $"All {noun}")],
        }));
    }

    /// <param name="title">Items whose title contains this (any case).</param>
    /// <param name="year">Items of this year.</param>
    /// <param name="sort">titleSort, addedAt, year or updatedAt, each with an optional :asc or :desc.</param>
    public static async Task<IResult> ListContent(string sectionId, string? type, string? title, string? year, string? sort,
        HttpRequest request, HttpResponse response, LibrarySections sections, LibraryCatalog catalog, PlexDbContext db, CancellationToken ct)
    {
        if (FindSection(sectionId, sections, out var section) is { } error) return error;
        if (!Paging.TryRead(request, out var paging, out var pagingError)) return PlexResults.BadRequest(pagingError!);
        var kinds = TypesBySection[section.Type];
        var kind = kinds[0];
        if (!string.IsNullOrEmpty(type))
        {
            if (!int.TryParse(type, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || kinds.All(k => k.Number != number))
                return PlexResults.BadRequest($"type must be one of {string.Join(", ", kinds.Select(k => k.Number))} in a {section.Type} section.");
            kind = kinds.First(k => k.Number == number);
        }

        var query = db.Metadata.AsNoTracking().Where(m => m.SectionId == section.Id && m.Type == kind.Type);
        if (!SectionContent.TryFilter(ref query, title, year, out var filterError)) return PlexResults.BadRequest(filterError!);
        if (!SectionContent.TrySort(query, kind.Type, sort, out var ordered, out var sortError)) return PlexResults.BadRequest(sortError!);
        var total = await query.CountAsync(ct);
        var items = await paging.Apply(ordered).ToListAsync(ct);
        var metadata = await ToPlexAsync(items, db, sections, catalog, ct);
        paging.WriteHeaders(response, total);
        return PlexResults.Ok(new MetadataContainer(new MetadataBody
        {
            Size = metadata.Count,
            TotalSize = total,
            Offset = paging.Start,
            LibrarySectionID = section.Id,
            LibrarySectionTitle = section.Title,
            LibrarySectionUUID = section.Uuid,
            Title1 = section.Title,
            Title2 = $"All {kind.Type}s",
            ViewGroup = kind.Type,
            Metadata = metadata,
        }));
    }

    /// <param name="force">1 re-probes every file, not only new or changed ones.</param>
    public static async Task<IResult> RefreshSection(string sectionId, string? force, LibrarySections sections, LibraryScanner scanner, CancellationToken ct)
    {
        if (FindSection(sectionId, sections, out var section) is { } error) return error;
        await scanner.ScanAsync(section, force is "1" or "true", ct); // answered after the scan, so a client sees the new state right away
        return PlexResults.EmptyOk();
    }

    public static async Task<IResult> GetMetadataItem(string ids, LibrarySections sections, LibraryCatalog catalog, PlexDbContext db, CancellationToken ct)
    {
        if (!IdList.TryParse(ids, out var list, out var reason)) return PlexResults.BadRequest(reason!);
        var rows = await db.Metadata.AsNoTracking().Where(m => list.Contains(m.Id)).ToListAsync(ct);
        if (rows.Count == 0) return PlexResults.NotFound($"No library item with rating key {IdList.Truncate(ids)}.");
        var ordered = rows.OrderBy(r => list.IndexOf(r.Id)).ToList();
        var metadata = await ToPlexAsync(ordered, db, sections, catalog, ct);
        var first = sections.Find(ordered[0].SectionId);
        return PlexResults.Ok(new MetadataContainer(new MetadataBody
        {
            Size = metadata.Count,
            LibrarySectionID = first?.Id,
            LibrarySectionTitle = first?.Title,
            LibrarySectionUUID = first?.Uuid,
            Metadata = metadata,
        }));
    }

    /// <summary>Rows with their parents, grandparents, child and leaf counts loaded in a few queries, whatever their number.</summary>
    public static async Task<List<PlexMetadata>> ToPlexAsync(List<MetadataItem> items, PlexDbContext db, LibrarySections sections,
        LibraryCatalog catalog, CancellationToken ct)
    {
        await LibraryFolders.PreloadAsync(items, sections, db, ct); // containers' folders, for their pictures and .nfo
        var parentIds = items.Where(i => i.ParentId != null).Select(i => i.ParentId!.Value).Distinct().ToList();
        var parents = await db.Metadata.AsNoTracking().Where(m => parentIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var grandIds = parents.Values.Where(p => p.ParentId != null).Select(p => p.ParentId!.Value).Distinct().ToList();
        var grandparents = await db.Metadata.AsNoTracking().Where(m => grandIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var containerIds = items.Where(i => i.FilePath == null).Select(i => i.Id).ToList();
        var (childCounts, leafCounts) = await ContainerCountsAsync(db, containerIds, ct);
        var sidecars = await SidecarSubtitles.LoadAsync(db, items.Where(i => i.FilePath != null).Select(i => i.Id).ToList(), ct);

        return items.Select(item =>
        {
            var parent = item.ParentId is { } p ? parents.GetValueOrDefault(p) : null;
            var grandparent = parent?.ParentId is { } g ? grandparents.GetValueOrDefault(g) : null;
            var facts = catalog.TryFacts(item, out var f) ? f : null;
            var plex = MetadataMapper.ToPlex(item, sections.Find(item.SectionId), parent, grandparent, facts, childCounts.GetValueOrDefault(item.Id),
                sidecars.GetValueOrDefault(item.Id));
            return item.FilePath is null ? plex with { LeafCount = leafCounts.GetValueOrDefault(item.Id), ViewedLeafCount = 0 } : plex;
        }).ToList();
    }

    /// <summary>Direct children and playable leaves (two levels down at most) per container.</summary>
    private static async Task<(Dictionary<int, int> Children, Dictionary<int, int> Leaves)> ContainerCountsAsync(PlexDbContext db,
        List<int> containerIds, CancellationToken ct)
    {
        if (containerIds.Count == 0) return (new(), new());
        var children = await db.Metadata.AsNoTracking().Where(m => m.ParentId != null && containerIds.Contains(m.ParentId.Value))
            .Select(m => new { m.Id, Parent = m.ParentId!.Value, Leaf = m.FilePath != null }).ToListAsync(ct);
        var subContainers = children.Where(c => !c.Leaf).Select(c => c.Id).ToList();
        var grandLeaves = subContainers.Count == 0 ? new Dictionary<int, int>() : await db.Metadata.AsNoTracking()
            .Where(m => m.ParentId != null && m.FilePath != null && subContainers.Contains(m.ParentId.Value))
            .GroupBy(m => m.ParentId!.Value).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        var byParent = children.GroupBy(c => c.Parent).ToList();
        return (byParent.ToDictionary(g => g.Key, g => g.Count()),
                byParent.ToDictionary(g => g.Key, g => g.Sum(c => c.Leaf ? 1 : grandLeaves.GetValueOrDefault(c.Id))));
    }

    private static PlexSection ToPlex(LibrarySection s) => new()
    {
        Key = s.Id.ToString(CultureInfo.InvariantCulture),
        Type = s.Type,
        Title = s.Title,
        Agent = s.Agent,
        Scanner = s.Scanner,
        Uuid = s.Uuid,
        Refreshing = s.Refreshing,
        ScannedAt = s.ScannedAt is { } at ? MetadataMapper.Unix(at) : null,
        UpdatedAt = s.ScannedAt is { } up ? MetadataMapper.Unix(up) : null,
        Location = [new PlexLocation(s.Id, s.Path)],
    };

    /// <summary>400 for a section id that is not a number, 404 for one that is not configured.</summary>
    private static IResult? FindSection(string raw, LibrarySections sections, out LibrarySection section)
    {
        section = null!;
        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return PlexResults.BadRequest($"'{IdList.Truncate(raw)}' is not a valid section id: section ids are positive integers.");
        if (sections.Find(id) is not { } found) return PlexResults.NotFound($"No library section with id {id}.");
        section = found;
        return null;
    }
}
