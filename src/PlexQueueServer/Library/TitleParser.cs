using System.Text.RegularExpressions;

namespace PlexQueueServer.Library;

/// <summary>Titles, years and numbers from file names, for files without (or before) tags.</summary>
public static partial class TitleParser
{
    [GeneratedRegex(@"^(?<title>.*?)[\s._-]*[\(\[](?<year>(?:18|19|20)\d{2})[\)\]]")]
    private static partial Regex TitleYear();

    [GeneratedRegex(@"^(?<title>.*?)[\s._-]+(?<year>(?:19|20)\d{2})(?:[\s._-]|$)")]
    private static partial Regex BareYear();

    [GeneratedRegex(@"^(?<n>\d{1,3})\s*[-._]\s*(?<title>.+)$")]
    private static partial Regex LeadingNumber();

    [GeneratedRegex(@"[Ss](?<s>\d{1,2})[ ._-]?[Ee](?<e>\d{1,3})")]
    private static partial Regex SeasonEpisode();

    /// <summary>"Convert Movie (2021).mkv" → ("Convert Movie", 2021); folder name is used when the file has no year.</summary>
    public static (string Title, int? Year) Movie(string filePath)
    {
        var name = Path.GetFileNameWithoutExtension(filePath);
        if (TryYear(name, out var parsed)) return parsed;
        var folder = Path.GetFileName(Path.GetDirectoryName(filePath) ?? "");
        if (!string.IsNullOrEmpty(folder) && TryYear(folder, out parsed)) return parsed;
        return (Clean(name), null);
    }

    private static bool TryYear(string name, out (string Title, int? Year) parsed)
    {
        var m = TitleYear().Match(name);
        if (!m.Success) m = BareYear().Match(name);
        if (m.Success && Clean(m.Groups["title"].Value) is { Length: > 0 } title)
        {
            parsed = (title, int.Parse(m.Groups["year"].Value, System.Globalization.CultureInfo.InvariantCulture));
            return true;
        }
        parsed = default;
        return false;
    }

    /// <summary>"01 - Flac Song.flac" → ("Flac Song", 1).</summary>
    public static (string Title, int? Number) Track(string filePath)
    {
        var name = Path.GetFileNameWithoutExtension(filePath);
        var m = LeadingNumber().Match(name);
        return m.Success
            ? (Clean(m.Groups["title"].Value), int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture))
            : (Clean(name), null);
    }

    /// <summary>"Show S01E02 Name.mkv" → (season 1, episode 2); null when the name has no SxxEyy.</summary>
    public static (int Season, int Episode)? Episode(string filePath)
    {
        var m = SeasonEpisode().Match(Path.GetFileNameWithoutExtension(filePath));
        if (!m.Success) return null;
        return (int.Parse(m.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["e"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Dots and underscores as word separators ("The.Movie" → "The Movie").</summary>
    public static string Clean(string name)
    {
        var spaced = name.Contains(' ') ? name : name.Replace('.', ' ').Replace('_', ' ');
        return spaced.Trim(' ', '-', '.', '_');
    }

    /// <summary>A track number tag as written ("2", "02/12").</summary>
    public static int? TrackNumber(string? tag) =>
        tag is null ? null : int.TryParse(tag.Split('/')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
}
