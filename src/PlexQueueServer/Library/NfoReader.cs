using System.Collections.Concurrent;
using System.Xml;

namespace PlexQueueServer.Library;

/// <summary>
/// Summaries from Kodi-style .nfo files beside the media (movie.nfo, Name.nfo, tvshow.nfo, season.nfo, album.nfo,
/// artist.nfo). Parsed without DTDs or external entities; results are kept per file until its size or mtime changes.
/// </summary>
public static class NfoReader
{
    private const long MaxBytes = 1 << 20;
    private const int MaxSummary = 10_000;
    private static readonly ConcurrentDictionary<string, (DateTime Modified, long Size, string? Summary)> Cache = new(StringComparer.Ordinal);
    private static readonly string[] SummaryElements = ["plot", "outline", "review", "biography"];

    public static string? Summary(MetadataItem item, LibrarySection section)
    {
        var leaf = LibraryFolders.KnownLeaf(section, item);
        var folder = LibraryFolders.FolderOf(item, leaf, section);
        if (folder is null) return null;
        foreach (var name in Candidates(item, leaf!, folder, section))
            if (Read(Path.Combine(folder, name), section) is { } summary) return summary;
        return null;
    }

    private static IEnumerable<string> Candidates(MetadataItem item, string leaf, string folder, LibrarySection section)
    {
        if (item.FilePath is not null) yield return Path.GetFileNameWithoutExtension(item.FilePath) + ".nfo";
        var own = !LibraryFolders.IsSectionRoot(folder, section);
        switch (item.Type)
        {
            case "movie" when own: yield return "movie.nfo"; break;
            case "show": yield return "tvshow.nfo"; break;
            case "season": yield return "season.nfo"; break;
            case "album": yield return "album.nfo"; break;
            case "artist": yield return "artist.nfo"; break;
        }
    }

    private static string? Read(string path, LibrarySection section)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.Length > MaxBytes) return null;
            if (Cache.TryGetValue(path, out var cached) && cached.Modified == info.LastWriteTimeUtc && cached.Size == info.Length) return cached.Summary;
            var real = LibraryFolders.RealPathInside(path, section);
            var summary = real is null ? null : Parse(real);
            Cache[path] = (info.LastWriteTimeUtc, info.Length, summary);
            return summary;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    /// <summary>The first summary-like element's text; null for files that are not XML (some .nfo hold only a URL).</summary>
    public static string? Parse(string path)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxBytes * 2,
            IgnoreComments = true, IgnoreProcessingInstructions = true,
        };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            while (!reader.EOF)
            {
                if (reader.NodeType == XmlNodeType.Element && SummaryElements.Contains(reader.LocalName, StringComparer.OrdinalIgnoreCase)
                    && !found.ContainsKey(reader.LocalName))
                {
                    var name = reader.LocalName;
                    var text = reader.ReadElementContentAsString().Trim(); // moves past the element
                    if (text.Length > 0) found[name] = text.Length > MaxSummary ? text[..MaxSummary] : text;
                    continue;
                }
                reader.Read();
            }
            // Kodi writes a short outline before the plot: the plot wins when both are there.
            return SummaryElements.Select(e => found.GetValueOrDefault(e)).FirstOrDefault(t => t is not null);
        }
        catch (XmlException) { }
        return null;
    }
}
