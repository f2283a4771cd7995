using System.Text.Json;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>Artist, album, show and season rows of one section, found or created by (type, title, parent).</summary>
internal sealed class ContainerRows(PlexDbContext db, int sectionId, IEnumerable<MetadataItem> existing)
{
    private readonly Dictionary<(string, string, int?), MetadataItem> rows = existing
        .Where(r => r.FilePath == null)
        .GroupBy(r => (r.Type, r.Title.ToLowerInvariant(), r.ParentId))
        .ToDictionary(g => g.Key, g => g.First());

    /// <summary>New containers are saved at once: their children need the generated id.</summary>
    /// <param name="index">The season number; kept on the row (saved with the scan's next save).</param>
    /// <param name="year">An album's year (from its tracks' date tags); the first track that names one sets it.</param>
    public async Task<int> GetIdAsync(string type, string title, int? parentId, CancellationToken ct, int? index = null, int? year = null)
    {
        var key = (type, title.ToLowerInvariant(), parentId);
        if (rows.TryGetValue(key, out var row))
        {
            if (index is not null && row.Index != index) row.Index = index;
            if (year is not null && row.Year is null) row.Year = year;
            return row.Id;
        }
        var now = DateTime.UtcNow;
        row = new MetadataItem { SectionId = sectionId, Type = type, Title = title, ParentId = parentId, Index = index, Year = year, AddedAt = now, UpdatedAt = now };
        db.Metadata.Add(row);
        await db.SaveChangesAsync(ct);
        rows[key] = row;
        return row.Id;
    }
}

/// <summary>Case-insensitive tags from ffprobe JSON: format tags first, then the streams' (ogg/opus keep them there).</summary>
internal sealed class Tags
{
    private readonly Dictionary<string, string> values = new(StringComparer.OrdinalIgnoreCase);

    public static Tags From(string probeJson)
    {
        var tags = new Tags();
        using var doc = JsonDocument.Parse(probeJson);
        if (doc.RootElement.TryGetProperty("format", out var format)) tags.Add(format);
        if (doc.RootElement.TryGetProperty("streams", out var streams) && streams.ValueKind == JsonValueKind.Array)
            foreach (var stream in streams.EnumerateArray()) tags.Add(stream);
        return tags;
    }

    private void Add(JsonElement owner)
    {
        if (!owner.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object) return;
        foreach (var p in tags.EnumerateObject())
            if (p.Value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(p.Value.GetString()))
                values.TryAdd(p.Name, p.Value.GetString()!.Trim());
    }

    public string? Get(string key) => values.GetValueOrDefault(key);
}

/// <summary>Walks a section folder without leaving it: symlinks that resolve outside the root are skipped.</summary>
internal static class SafeWalker
{
    public static List<FileInfo> Files(string root, HashSet<string> extensions, ILogger logger)
    {
        var rootFull = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var realRoot = Resolve(new DirectoryInfo(rootFull)) ?? rootFull;
        var result = new List<FileInfo>();
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(rootFull)]);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var options = new EnumerationOptions { RecurseSubdirectories = false, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        while (pending.TryPop(out var dir))
        {
            var real = Resolve(dir);
            if (real is null || !Inside(real, realRoot) || !visited.Add(real)) continue; // outside, broken or a loop
            try
            {
                foreach (var sub in dir.EnumerateDirectories("*", options)) pending.Push(sub);
                foreach (var file in dir.EnumerateFiles("*", options))
                {
                    if (!extensions.Contains(file.Extension)) continue;
                    var target = Resolve(file);
                    if (target is null || !Inside(target, realRoot))
                    {
                        logger.LogWarning("Skipping {FilePath}: it points outside the section folder", file.FullName);
                        continue;
                    }
                    // A link keeps its in-library path; on Unix FileInfo reports the target's size and mtime.
                    result.Add(file);
                }
            }
            catch (IOException ex) { logger.LogWarning(ex, "Cannot read folder {FolderPath}", dir.FullName); }
            catch (UnauthorizedAccessException ex) { logger.LogWarning(ex, "Cannot read folder {FolderPath}", dir.FullName); }
        }
        return result;
    }

    /// <summary>The final real path of a file or folder (every symlink in the chain followed), or null when broken.</summary>
    private static string? Resolve(FileSystemInfo info)
    {
        try
        {
            var full = Path.GetFullPath(info.FullName);
            var real = info.LinkTarget is null ? full : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName;
            if (real is null) return null;
            // Parent folders may be links too: resolve each segment by realpath semantics.
            var parent = Path.GetDirectoryName(real);
            if (parent is null) return real;
            var realParent = Resolve(new DirectoryInfo(parent));
            return realParent is null ? null : Path.Combine(realParent, Path.GetFileName(real));
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }

    private static bool Inside(string path, string root) =>
        path == root || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
