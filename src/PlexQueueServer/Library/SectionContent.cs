using System.Globalization;
using Microsoft.EntityFrameworkCore;

namespace PlexQueueServer.Library;

/// <summary>listContent's filters (title=, year=) and sorts (sort=titleSort, addedAt:desc, year …), as PMS reads them.</summary>
public static class SectionContent
{
    public const int MaxFilterLength = 200;

    private static readonly string[] Sorts = ["titleSort", "title", "addedAt", "updatedAt", "year", "index"];

    /// <summary>title= keeps titles containing the text (any case), year= one year; a malformed value is a 400 with its reason.</summary>
    public static bool TryFilter(ref IQueryable<MetadataItem> query, string? title, string? year, out string? error)
    {
        error = null;
        if (!string.IsNullOrEmpty(title))
        {
            if (title.Length > MaxFilterLength) { error = $"title is longer than {MaxFilterLength} characters."; return false; }
            var pattern = "%" + EscapeLike(title) + "%";
            query = query.Where(m => EF.Functions.Like(m.Title, pattern, "\\"));
        }
        if (!string.IsNullOrEmpty(year))
        {
            if (!int.TryParse(year, NumberStyles.None, CultureInfo.InvariantCulture, out var y) || y > 9999)
            {
                error = "year must be a year such as 2021.";
                return false;
            }
            query = query.Where(m => m.Year == y);
        }
        return true;
    }

    /// <summary>
    /// sort=field[:asc|:desc]; without one, numbered kinds (season, episode, track) go in parent then index order and
    /// the others by title. Title and id always break ties so pages do not overlap.
    /// </summary>
    public static bool TrySort(IQueryable<MetadataItem> query, string type, string? sort, out IQueryable<MetadataItem> ordered, out string? error)
    {
        error = null;
        ordered = query;
        if (string.IsNullOrEmpty(sort))
        {
            ordered = type is "track" or "episode" or "season"
                ? query.OrderBy(m => m.ParentId).ThenBy(m => m.Index).ThenBy(m => EF.Functions.Collate(m.Title, "NOCASE")).ThenBy(m => m.Id)
                : query.OrderBy(m => EF.Functions.Collate(m.Title, "NOCASE")).ThenBy(m => m.Id);
            return true;
        }
        var parts = sort.Split(':');
        var field = parts[0];
        var direction = parts.Length > 1 ? parts[1] : "asc";
        if (parts.Length > 2 || !Sorts.Contains(field, StringComparer.Ordinal) || direction is not ("asc" or "desc"))
        {
            error = $"sort must be one of {string.Join(", ", Sorts)}, optionally followed by :asc or :desc.";
            return false;
        }
        var desc = direction == "desc";
        IOrderedQueryable<MetadataItem> first = field switch
        {
            "addedAt" => desc ? query.OrderByDescending(m => m.AddedAt) : query.OrderBy(m => m.AddedAt),
            "updatedAt" => desc ? query.OrderByDescending(m => m.UpdatedAt) : query.OrderBy(m => m.UpdatedAt),
            "year" => desc ? query.OrderByDescending(m => m.Year) : query.OrderBy(m => m.Year),
            "index" => desc ? query.OrderByDescending(m => m.Index) : query.OrderBy(m => m.Index),
            _ => desc ? query.OrderByDescending(m => EF.Functions.Collate(m.Title, "NOCASE")) : query.OrderBy(m => EF.Functions.Collate(m.Title, "NOCASE")),
        };
        ordered = desc && field is "title" or "titleSort"
            ? first.ThenByDescending(m => m.Id)
            : first.ThenBy(m => EF.Functions.Collate(m.Title, "NOCASE")).ThenBy(m => m.Id);
        return true;
    }

    private static string EscapeLike(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
