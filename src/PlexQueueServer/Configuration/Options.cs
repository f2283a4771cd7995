using System.ComponentModel.DataAnnotations;

namespace PlexQueueServer.Configuration;

public sealed class ServerOptions
{
    /// <summary>Folder holding the SQLite database and the generated token.</summary>
    [Required] public string DataPath { get; set; } = "data";
    public string MachineIdentifier { get; set; } = "";
    public string FriendlyName { get; set; } = "PlexQueueServer";
    /// <summary>Origins browser clients may call from; empty or "*" allows any origin.</summary>
    public List<string> CorsOrigins { get; set; } = [];
    /// <summary>all (default), api (HTTP only) or worker (decides and converts); api and worker need PostgreSQL.</summary>
    public string Role { get; set; } = "all";
    /// <summary>This instance's name in leases and /health; default host name + process id.</summary>
    public string? InstanceName { get; set; }
}

public sealed class DatabaseOptions
{
    /// <summary>Sqlite (default, embedded) or Postgres (ConnectionStrings:Postgres; several instances on one queue).</summary>
    public string Provider { get; set; } = "Sqlite";
}

public sealed class TranscoderOptions : IValidatableObject
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
    /// <summary>An ffmpeg that reports no progress for this long is ended and its item set to error.</summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>How long a finished conversion retries its database write (busy, locked) before the item errors.</summary>
    public TimeSpan DatabaseWriteTimeout { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>How often processing items with no running job behind them are put back in the queue.</summary>
    public TimeSpan WatchdogInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Disk quota of the conversion cache: bytes ("10737418240") or with a unit ("10GB", "500MB"); 0 = unlimited.</summary>
    public string CacheLimit { get; set; } = "0";
    /// <summary>PostgreSQL: a claimed job's lease, renewed every third of it; an instance that stops renewing loses the job.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>GPU encoding: none, vaapi, qsv or nvenc; a backend that fails its start probe means software.</summary>
    public string HardwareAcceleration { get; set; } = "none";
    /// <summary>Render node for vaapi/qsv (default /dev/dri/renderD128), CUDA device number for nvenc (default 0).</summary>
    public string? HardwareDevice { get; set; }
    /// <summary>Decode on the device too when it can decode the source codec.</summary>
    public bool HardwareDecoding { get; set; } = true;

    public Conversion.HardwareBackend HardwareBackend =>
        Conversion.HardwareArguments.TryParse(HardwareAcceleration, out var backend) ? backend : Conversion.HardwareBackend.None;

    public string HardwareDeviceOrDefault =>
        string.IsNullOrWhiteSpace(HardwareDevice) ? Conversion.HardwareArguments.DefaultDevice(HardwareBackend) : HardwareDevice.Trim();

    /// <summary>CacheLimit in bytes (0 = unlimited); -1 when it cannot be read.</summary>
    public long CacheLimitBytes => ByteSize.TryParse(CacheLimit, out var bytes) ? bytes : -1;

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (CacheLimitBytes < 0) yield return new ValidationResult($"Transcoder:CacheLimit '{CacheLimit}' is not a size (e.g. 0, 1048576, 500MB, 10GB).");
        if (StallTimeout <= TimeSpan.Zero) yield return new ValidationResult("Transcoder:StallTimeout must be positive.");
        if (DatabaseWriteTimeout <= TimeSpan.Zero) yield return new ValidationResult("Transcoder:DatabaseWriteTimeout must be positive.");
        if (WatchdogInterval <= TimeSpan.Zero) yield return new ValidationResult("Transcoder:WatchdogInterval must be positive.");
        if (LeaseDuration < TimeSpan.FromSeconds(1)) yield return new ValidationResult("Transcoder:LeaseDuration must be at least 1 second.");
        if (!Conversion.HardwareArguments.TryParse(HardwareAcceleration, out var backend))
            yield return new ValidationResult($"Transcoder:HardwareAcceleration '{HardwareAcceleration}' is not one of none, vaapi, qsv, nvenc.");
        // The device reaches ffmpeg's command line: a render node path or a CUDA device number, nothing else.
        else if (backend != Conversion.HardwareBackend.None && !(backend == Conversion.HardwareBackend.Nvenc
            ? System.Text.RegularExpressions.Regex.IsMatch(HardwareDeviceOrDefault, "^[0-9]{1,2}$")
            : System.Text.RegularExpressions.Regex.IsMatch(HardwareDeviceOrDefault, "^/dev/[A-Za-z0-9_/.-]+$") && !HardwareDeviceOrDefault.Contains("..")))
            yield return new ValidationResult($"Transcoder:HardwareDevice '{HardwareDevice}' is not a {(backend == Conversion.HardwareBackend.Nvenc ? "CUDA device number (e.g. 0)" : "device path (e.g. /dev/dri/renderD128)")}.");
    }
}

/// <summary>Sizes as people write them in configuration: plain bytes or a number with KB/MB/GB/TB (1024-based).</summary>
public static class ByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var value = (text ?? "").Trim().ToUpperInvariant();
        if (value.Length == 0) return true;
        var units = new (string Suffix, long Factor)[] { ("TB", 1L << 40), ("GB", 1L << 30), ("MB", 1L << 20), ("KB", 1L << 10), ("B", 1) };
        var (suffix, factor) = units.FirstOrDefault(u => value.EndsWith(u.Suffix, StringComparison.Ordinal), ("", 1));
        var number = value[..^suffix.Length].Trim();
        if (!decimal.TryParse(number, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var amount)
            || amount < 0 || amount * factor > long.MaxValue) return false;
        bytes = (long)(amount * factor);
        return true;
    }
}

public sealed class LibraryOptions
{
    public List<LibrarySectionOptions> Sections { get; set; } = [];
    /// <summary>Rescan a section when its files change.</summary>
    public bool Watch { get; set; } = true;
    /// <summary>Cached thumbnails and art; defaults to {DataPath}/thumbs (outside the conversion cache, which is swept).</summary>
    public string? ThumbPath { get; set; }
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
    /// <summary>Sees every user's queues, the running jobs and the cache in the web app's admin view.</summary>
    public bool Admin { get; set; }
}

public sealed class QueueOptions
{
    [Range(1, 1_000_000)] public int MaxItemsPerQueue { get; set; } = 10_000;
    [Range(1, 100_000)] public int MaxKeysPerAdd { get; set; } = 1_000;
}
