using Microsoft.Extensions.Options;
using PlexQueueServer.Server;

namespace PlexQueueServer.Configuration;

/// <summary>Absolute folders derived once from configuration, created at start.</summary>
public sealed class ResolvedPaths
{
    public ResolvedPaths(IOptions<ServerOptions> server, IOptions<TranscoderOptions> transcoder, IOptions<DatabaseOptions>? database = null)
    {
        DataPath = Path.GetFullPath(server.Value.DataPath);
        CachePath = Path.GetFullPath(transcoder.Value.CachePath ?? Path.Combine(DataPath, "cache"));
        DatabasePath = Path.Combine(DataPath, "plexqueue.db");
        TempPath = Path.Combine(CachePath, "tmp");
        // Several instances share one cache on PostgreSQL: each wipes and kills only under its own job folder.
        if (database?.Value.Provider.Trim().StartsWith("Postgres", StringComparison.OrdinalIgnoreCase) == true)
            TempPath = Path.Combine(TempPath, Cluster.ClusterInstance.NameFrom(server.Value));
        // FFMpegCore joins ffmpeg's arguments into one string and quotes paths with '"': a job path must not hold one.
        if (TempPath.Contains('"')) throw new StartupException($"Cache folder {CachePath} must not contain a double quote (\").");
        Prepare("Data folder", DataPath);
        Prepare("Cache folder", CachePath);
        Prepare("Cache folder", TempPath);
    }

    /// <summary>Creates the folder and proves it takes a file, else a StartupException naming the folder and the cause.</summary>
    private static void Prepare(string what, string folder)
    {
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"{what} {folder} cannot be created: {e.Message}");
        }
        var probe = Path.Combine(folder, ".write-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"{what} {folder} is not writable: {e.Message}");
        }
    }

    public string DataPath { get; }
    public string CachePath { get; }
    public string DatabasePath { get; }
    /// <summary>Per-job working folders; anything here at start is left from a crash.</summary>
    public string TempPath { get; }
}
