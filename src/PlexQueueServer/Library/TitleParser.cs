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

    // S01E02 (any case, optional separator) or 1x02; the digit guards keep 1920x1080 from reading as an episode.
    [GeneratedRegex(@"(?:[Ss](?<s>\d{1,2})[ ._-]?[Ee](?<e>\d{1,3})|(?<!\d)(?<s>\d{1,2})[xX](?<e>\d{2,3})(?!\d))")]
    private static partial Regex SeasonEpisode();

    [GeneratedRegex(@"^(?:season|series|s)[\s._-]*(?<n>\d{1,3})$", RegexOptions.IgnoreCase)]
    private static partial Regex SeasonFolder();

    // Release tags end an episode title: "Pilot.720p.WEB" is titled "Pilot".
    [GeneratedRegex(@"(?:^|[\s._-])(?:\d{3,4}[pi]|4k|web(?:-?dl|rip)?|hdtv|blu-?ray|dvdrip|x26[45]|h26[45]|hevc)(?:[\s._-]|$)", RegexOptions.IgnoreCase)]
    private static partial Regex ReleaseTags();

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

    /// <summary>"Show S01E02 Name.mkv" or "Show 1x02.mkv" → (season 1, episode 2); null when the name has neither.</summary>
    public static (int Season, int Episode)? Episode(string filePath) =>
        EpisodeName(filePath) is { Season: { } s, Episode: { } e } ? (s, e) : null;

    /// <summary>
    /// "Show - S01E02 - Pilot.mkv" → show "Show", season 1, episode 2, title "Pilot"; parts the name lacks are null
    /// (without a marker only Title is set, to the cleaned name).
    /// </summary>
    public static (string? Show, int? Season, int? Episode, string? Title) EpisodeName(string filePath)
    {
        var name = Path.GetFileNameWithoutExtension(filePath);
        var m = SeasonEpisode().Match(name);
        if (!m.Success) return (null, null, null, Clean(name));
        var show = Clean(name[..m.Index]);
        var rest = name[(m.Index + m.Length)..];
        if (ReleaseTags().Match(rest) is { Success: true } tags) rest = rest[..tags.Index];
        var title = Clean(rest);
        return (show.Length > 0 ? show : null,
            int.Parse(m.Groups["s"].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups["e"].Value, System.Globalization.CultureInfo.InvariantCulture),
            title.Length > 0 ? title : null);
    }

    /// <summary>"Season 01", "Series 2", "S3" → the number; "Specials" → 0; anything else → null.</summary>
    public static int? SeasonNumber(string folderName)
    {
        if (folderName.Trim().Equals("Specials", StringComparison.OrdinalIgnoreCase)) return 0;
        var m = SeasonFolder().Match(folderName.Trim());
        return m.Success ? int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Plex's season titles: "Season 1", and "Specials" for season 0.</summary>
    public static string SeasonTitle(int season) => season == 0 ? "Specials" : $"Season {season}";

    /// <summary>Dots and underscores as word separators ("The.Movie" → "The Movie").</summary>
    public static string Clean(string name)
    {
        var spaced = name.Contains(' ') ? name : name.Replace('.', ' ').Replace('_', ' ');
        return spaced.Trim(' ', '-', '.', '_');
    }

    /// <summary>A track number tag as written ("2", "02/12").</summary>
    public static int? TrackNumber(string? tag) =>
        tag is null ? null : int.TryParse(tag.Split('/')[0].Trim(), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;

    /// <summary>The year of a date tag ("2019", "2019-05-03", "2019/05"); null when it names none.</summary>
    public static int? TagYear(string? tag) =>
        tag is { Length: >= 4 } && int.TryParse(tag.AsSpan(0, 4), System.Globalization.NumberStyles.None,
            System.Globalization.CultureInfo.InvariantCulture, out var year) && year is >= 1800 and <= 2200 && (tag.Length == 4 || !char.IsDigit(tag[4]))
            ? year : null;
}
