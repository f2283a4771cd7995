using System.ComponentModel.DataAnnotations;

namespace PlexQueueServer.Configuration;

public sealed class ServerOptions
{
    /// <summary>Folder holding the SQLite database and the generated token.</summary>
    [Required] public string DataPath { get; set; } = "data";
    public string MachineIdentifier { get; set; } = "";
    public string FriendlyName { get; set; } = "PlexQueueServer";
}

public sealed class TranscoderOptions
{
    /// <summary>Where converted files live; defaults to {DataPath}/cache.</summary>
    public string? CachePath { get; set; }
    [Range(1, 64)] public int MaxConcurrent { get; set; } = 1;
    public TimeSpan ItemLifetime { get; set; } = TimeSpan.FromDays(1);
    /// <summary>Optional folder holding ffmpeg and ffprobe; otherwise PATH.</summary>
    public string? FfmpegPath { get; set; }
    /// <summary>x264/x265 preset; whitelisted in ConversionArguments.</summary>
    public string Preset { get; set; } = "veryfast";
    public TimeSpan ExpirySweepInterval { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class LibraryOptions
{
    public List<LibrarySectionOptions> Sections { get; set; } = [];
    /// <summary>Rescan a section when its files change.</summary>
    public bool Watch { get; set; } = true;
}

public sealed class LibrarySectionOptions
{
    public string Title { get; set; } = "";
    /// <summary>movie, show or artist.</summary>
    public string Type { get; set; } = "movie";
    public string Path { get; set; } = "";
}

public sealed class AuthOptions
{
    public List<AuthUserOptions> Users { get; set; } = [];
}

public sealed class AuthUserOptions
{
    public string Name { get; set; } = "";
    public string Token { get; set; } = "";
}

public sealed class QueueOptions
{
    [Range(1, 1_000_000)] public int MaxItemsPerQueue { get; set; } = 10_000;
    [Range(1, 100_000)] public int MaxKeysPerAdd { get; set; } = 1_000;
}
