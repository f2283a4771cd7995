using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Decisions;
using PlexQueueServer.Persistence;

namespace PlexQueueServer.Library;

/// <summary>A subtitle file next to a video (Movie.en.forced.srt), found at scan time; its row id makes its stream id.</summary>
public sealed class SidecarSubtitle
{
    public int Id { get; set; }
    /// <summary>The video it belongs to (MetadataItem.Id); the row goes with it.</summary>
    public int MetadataId { get; set; }
    public string FilePath { get; set; } = "";
    /// <summary>Plex codec name: srt, ass, ssa, vtt.</summary>
    public string Codec { get; set; } = "srt";
    /// <summary>The language tag as written in the file name (en, pt-BR), null when the name has none.</summary>
    public string? Language { get; set; }
    public bool Forced { get; set; }
    public bool HearingImpaired { get; set; }
}

/// <summary>Finds sidecar subtitles beside a section's videos and maps them to Plex subtitle streams with a key.</summary>
public static class SidecarSubtitles
{
    /// <summary>Subtitle extension → Plex codec.</summary>
    public static readonly Dictionary<string, string> Codecs = new(StringComparer.OrdinalIgnoreCase)
    {
        [".srt"] = "srt", [".ass"] = "ass", [".ssa"] = "ssa", [".vtt"] = "vtt",
    };

    private static readonly HashSet<string> HearingImpairedTokens = new(StringComparer.OrdinalIgnoreCase) { "sdh", "hi", "cc" };

    // Embedded streams are itemId*1000 + ffprobe index (MetadataMapper); 999 is kept for sidecars, keyed by their own row id,
    // so both stay unique across the library, small, and stable across rescans (AUTOINCREMENT never reuses a row id).
    public static long StreamIdOf(int sidecarId) => (long)sidecarId * 1000 + 999;

    public static bool TryRowIdOf(long streamId, out int sidecarId)
    {
        sidecarId = 0;
        if (streamId < 1999 || streamId % 1000 != 999 || streamId / 1000 > int.MaxValue) return false;
        sidecarId = (int)(streamId / 1000);
        return true;
    }

    /// <summary>Sidecars in MediaFacts (for the decision engine and ffmpeg) sit past every real ffprobe index: base + row id.</summary>
    public const int FactsIndexBase = 1_000_000;

    public static StreamFacts ToFacts(SidecarSubtitle s) => new()
    {
        Index = FactsIndexBase + s.Id,
        Kind = StreamKind.Subtitle,
        Codec = s.Codec,
        Language = s.Language, // the file name's tag, so the Plex stream built back from the facts is the same
        Forced = s.Forced,
        HearingImpaired = s.HearingImpaired,
        ExternalPath = s.FilePath,
    };

    /// <summary>The Plex stream of a sidecar in MediaFacts (decision documents), or null for a stream inside the file.</summary>
    public static PlexStream? ToStream(StreamFacts s) => s.ExternalPath is null ? null : ToStream(new SidecarSubtitle
    {
        Id = s.Index - FactsIndexBase, FilePath = s.ExternalPath, Codec = s.Codec, Language = s.Language, Forced = s.Forced,
        HearingImpaired = s.HearingImpaired,
    });

    /// <summary>The stream id a plan's source index stands for when it is a sidecar; -1 otherwise.</summary>
    public static long StreamIdOfSource(int sourceIndex) => sourceIndex > FactsIndexBase ? StreamIdOf(sourceIndex - FactsIndexBase) : -1;

    /// <summary>The facts with the item's sidecar subtitles appended (ids ascending, so plans stay comparable).</summary>
    public static async Task<MediaFacts> WithSidecarsAsync(PlexDbContext db, int itemId, MediaFacts facts, CancellationToken ct)
    {
        var rows = await db.Sidecars.AsNoTracking().Where(s => s.MetadataId == itemId).OrderBy(s => s.Id).ToListAsync(ct);
        return rows.Count == 0 ? facts : facts with { Streams = [.. facts.Streams, .. rows.Select(ToFacts)] };
    }

    /// <summary>The Plex stream of a sidecar: no index (it is not in the file), a key that serves its bytes.</summary>
    public static PlexStream ToStream(SidecarSubtitle s)
    {
        var id = StreamIdOf(s.Id);
        var culture = Culture(s.Language);
        var language = culture?.EnglishName ?? s.Language;
        var flags = (s.Forced ? " Forced" : "") + (s.HearingImpaired ? " SDH" : "");
        return new PlexStream
        {
            Id = id,
            Key = $"/library/streams/{id}",
            StreamType = (int)StreamKind.Subtitle,
            Codec = s.Codec,
            Format = s.Codec,
            DisplayTitle = $"{language ?? "Unknown"} ({s.Codec.ToUpperInvariant()} External){flags}",
            Forced = s.Forced,
            HearingImpaired = s.HearingImpaired ? true : null,
            Language = language,
            LanguageCode = culture is null ? s.Language : culture.ThreeLetterISOLanguageName,
            LanguageTag = s.Language,
        };
    }

    /// <summary>Sidecars of the given items, by item id, in file-name order.</summary>
    public static async Task<Dictionary<int, List<SidecarSubtitle>>> LoadAsync(PlexDbContext db, IReadOnlyCollection<int> itemIds, CancellationToken ct)
    {
        if (itemIds.Count == 0) return [];
        var rows = await db.Sidecars.AsNoTracking().Where(s => itemIds.Contains(s.MetadataId)).ToListAsync(ct);
        return rows.GroupBy(r => r.MetadataId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.FilePath, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// Brings the section's sidecar rows in line with the folders: new files get rows (new ids), vanished ones lose them,
    /// unchanged ones keep theirs. One directory listing per folder that holds videos.
    /// </summary>
    public static async Task<(int Added, int Removed)> SyncAsync(PlexDbContext db, LibrarySection section, ILogger logger, CancellationToken ct)
    {
        var videos = await db.Metadata.AsNoTracking().Where(m => m.SectionId == section.Id && m.FilePath != null)
            .Select(m => new { m.Id, m.FilePath }).ToListAsync(ct);
        var videoIds = videos.Select(v => v.Id).ToList();
        var existing = await db.Sidecars.Where(s => videoIds.Contains(s.MetadataId)).ToListAsync(ct);
        var found = new List<SidecarSubtitle>();
        var realRoot = LibraryFiles.RealPath(section.Path);
        foreach (var folder in videos.GroupBy(v => Path.GetDirectoryName(v.FilePath!)!))
        {
            ct.ThrowIfCancellationRequested();
            var bases = folder.Select(v => (v.Id, Base: Path.GetFileNameWithoutExtension(v.FilePath!)))
                .OrderByDescending(v => v.Base.Length).ToList(); // "Movie 2.srt" belongs to "Movie 2", not "Movie"
            foreach (var file in SubtitleFiles(folder.Key, logger))
            {
                var name = Path.GetFileName(file);
                var owner = bases.FirstOrDefault(b => name.StartsWith(b.Base + ".", StringComparison.OrdinalIgnoreCase));
                if (owner.Base is null) continue;
                var real = LibraryFiles.RealPath(file);
                if (realRoot is null || real is null || !LibraryFiles.IsInside(real, realRoot))
                {
                    logger.LogWarning("Skipping subtitle {FilePath}: it points outside the section folder", file);
                    continue;
                }
                var sidecar = Parse(name[(owner.Base.Length + 1)..]);
                sidecar.MetadataId = owner.Id;
                sidecar.FilePath = file;
                found.Add(sidecar);
            }
        }

        var byKey = existing.ToDictionary(e => (e.MetadataId, e.FilePath));
        var added = found.Where(f => !byKey.ContainsKey((f.MetadataId, f.FilePath))).ToList();
        var foundKeys = found.Select(f => (f.MetadataId, f.FilePath)).ToHashSet();
        var removed = existing.Where(e => !foundKeys.Contains((e.MetadataId, e.FilePath))).ToList();
        db.Sidecars.AddRange(added);
        db.Sidecars.RemoveRange(removed);
        await db.SaveChangesAsync(ct);
        return (added.Count, removed.Count);
    }

    /// <summary>Reads "en.forced.srt" (the name after the video's base name): language, forced, hearing impaired, codec.</summary>
    public static SidecarSubtitle Parse(string rest)
    {
        var tokens = rest.Split('.');
        var sidecar = new SidecarSubtitle { Codec = Codecs.GetValueOrDefault("." + tokens[^1]) ?? "srt" };
        foreach (var token in tokens[..^1])
        {
            if (token.Equals("forced", StringComparison.OrdinalIgnoreCase)) sidecar.Forced = true;
            // "hi" alone is Hindi (Movie.hi.srt); after a language it means hearing impaired (Movie.en.hi.srt).
            else if (HearingImpairedTokens.Contains(token) && !(token.Equals("hi", StringComparison.OrdinalIgnoreCase) && sidecar.Language is null))
                sidecar.HearingImpaired = true;
            else if (sidecar.Language is null && Culture(token) is not null) sidecar.Language = token;
        }
        return sidecar;
    }

    /// <summary>Only real language tags (2–3 letters, optional region): "director" or "2" are not languages.</summary>
    private static CultureInfo? Culture(string? tag)
    {
        if (tag is null || tag.Length < 2 || tag.Length > 8 || !char.IsAsciiLetter(tag[0]) || !char.IsAsciiLetter(tag[1])) return null;
        var language = tag.Split('-')[0];
        if (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetter)) return null;
        try
        {
            var culture = CultureInfo.GetCultureInfo(tag, predefinedOnly: true);
            return culture.ThreeLetterISOLanguageName.Length == 3 ? culture : null;
        }
        catch (CultureNotFoundException) { return null; }
    }

    private static IEnumerable<string> SubtitleFiles(string folder, ILogger logger)
    {
        try
        {
            var options = new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
            return Directory.EnumerateFiles(folder, "*", options).Where(f => Codecs.ContainsKey(Path.GetExtension(f))).Order(StringComparer.Ordinal).ToList();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Cannot list subtitles in {FolderPath}", folder);
            return [];
        }
    }
}
