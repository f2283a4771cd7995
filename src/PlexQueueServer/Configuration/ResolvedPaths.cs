using Microsoft.Extensions.Options;

namespace PlexQueueServer.Configuration;

/// <summary>Absolute folders derived once from configuration, created at start.</summary>
public sealed class ResolvedPaths
{
    public ResolvedPaths(IOptions<ServerOptions> server, IOptions<TranscoderOptions> transcoder)
    {
        DataPath = Path.GetFullPath(server.Value.DataPath);
        CachePath = Path.GetFullPath(transcoder.Value.CachePath ?? Path.Combine(DataPath, "cache"));
        DatabasePath = Path.Combine(DataPath, "plexqueue.db");
        TempPath = Path.Combine(CachePath, "tmp");
        Directory.CreateDirectory(DataPath);
        Directory.CreateDirectory(CachePath);
        Directory.CreateDirectory(TempPath);
    }

    public string DataPath { get; }
    public string CachePath { get; }
    public string DatabasePath { get; }
    /// <summary>Per-job working folders; anything here at start is left from a crash.</summary>
    public string TempPath { get; }
}
