using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Library;

/// <summary>A configured section: id = position in Library:Sections + 1, as Plex numbers them from 1.</summary>
public sealed class LibrarySection(int id, string title, string type, string path, string uuid)
{
    public int Id { get; } = id;
    public string Title { get; } = title;
    /// <summary>movie, show or artist.</summary>
    public string Type { get; } = type;
    /// <summary>Absolute root; the scanner never leaves it.</summary>
    public string Path { get; } = path;
    public string Uuid { get; } = uuid;

    // Scan state, read by the API; written only by the scanner under its per-section gate.
    private volatile bool refreshing;
    private long scannedAtTicks;
    internal readonly SemaphoreSlim Gate = new(1, 1);

    public bool Refreshing { get => refreshing; internal set => refreshing = value; }

    public DateTime? ScannedAt
    {
        get => Interlocked.Read(ref scannedAtTicks) is var t and > 0 ? new DateTime(t, DateTimeKind.Utc) : null;
        internal set => Interlocked.Exchange(ref scannedAtTicks, value?.Ticks ?? 0);
    }

    public string Agent => Type switch { "artist" => "tv.plex.agents.music", "show" => "tv.plex.agents.series", _ => "tv.plex.agents.movie" };
    public string Scanner => Type switch { "artist" => "Plex Music", "show" => "Plex TV Series", _ => "Plex Movie" };
}

/// <summary>The sections from configuration, built once.</summary>
public sealed class LibrarySections
{
    public LibrarySections(IOptions<LibraryOptions> options)
    {
        All = options.Value.Sections
            .Select((s, i) => new LibrarySection(i + 1, s.Title, NormalizeType(s.Type), System.IO.Path.GetFullPath(s.Path), StableUuid(i, s.Path)))
            .ToList();
    }

    public IReadOnlyList<LibrarySection> All { get; }

    /// <summary>The section folders: the only places an original file may be read from (see LibraryFiles).</summary>
    public IReadOnlyList<string> Roots => All.Select(s => s.Path).ToList();

    public LibrarySection? Find(int id) => id >= 1 && id <= All.Count ? All[id - 1] : null;

    private static string NormalizeType(string type) => type.Trim().ToLowerInvariant() switch
    {
        "show" or "tv" => "show",
        "artist" or "music" => "artist",
        _ => "movie",
    };

    /// <summary>Same section index and path → same uuid across restarts, so clients keep their caches.</summary>
    private static string StableUuid(int index, string path)
    {
        var hash = MD5.HashData(Encoding.UTF8.GetBytes($"{index}|{System.IO.Path.GetFullPath(path)}"));
        return new Guid(hash).ToString();
    }
}
