using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;

namespace PlexQueueServer.Server;

public static class GeneralApi
{
    public static readonly string Version =
        typeof(GeneralApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    /// <summary>
    /// The version clients read, in PMS's form (major.minor.patch.build-hash): clients gate the download queue on
    /// 1.41.9 or later, and parse the four numbers. The hash part names our own build.
    /// </summary>
    public static readonly string PlexVersion =
        "1.42.1.10060-" + Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(Version)))[..9];

    public static IEndpointRouteBuilder MapGeneral(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/identity", HeadRequests.GetAndHead, GetIdentity).WithoutBodyOnHead().WithName("getIdentity").WithTags("General")
            .WithSummary("Get PMS identity").WithDescription("The server's machine identifier and version; needs no token.").AllowAnonymous();
        routes.MapMethods("/", HeadRequests.GetAndHead, GetServerInfo).WithoutBodyOnHead().WithName("getServerInfo").WithTags("General").WithSummary("Get PMS info")
            .WithDescription("Server name, machine identifier, version, capabilities and the features it offers (Directory entries).");
        routes.MapMediaProviders();
        routes.MapHealth();
        return routes;
    }

    private static PlexResult GetIdentity(MachineIdentity identity) =>
        PlexResults.Ok(new { MediaContainer = new { size = 0, claimed = true, machineIdentifier = identity.Value, version = PlexVersion } });

    /// <summary>What the root lists, as PMS does: one Directory per feature whose routes this server answers.</summary>
    private static readonly string[] Features = ["downloadQueue", "hubs", "identity", "library", "media", "photo", "transcode"];

    private static PlexResult GetServerInfo(MachineIdentity identity, IOptions<ServerOptions> server)
    {
        var directories = Features.Select(f => new RootDirectory(1, f, f)).ToList();
        return PlexResults.Ok(new RootContainer(new RootBody
        {
            Size = directories.Count,
            FriendlyName = server.Value.FriendlyName,
            MachineIdentifier = identity.Value,
            Version = PlexVersion,
            Platform = Platform,
            PlatformVersion = Environment.OSVersion.Version.ToString(),
            Directory = directories,
        }));
    }

    /// <summary>PMS's platform names (Linux, MacOSX, Windows), which clients show and sometimes compare.</summary>
    public static string Platform =>
        OperatingSystem.IsWindows() ? "Windows" : OperatingSystem.IsMacOS() ? "MacOSX" : OperatingSystem.IsLinux() ? "Linux" : Environment.OSVersion.Platform.ToString();
}

/// <summary>A stable machine identifier: configured, or generated once and kept in the data folder.</summary>
public sealed class MachineIdentity
{
    public MachineIdentity(IOptions<ServerOptions> options, ResolvedPaths paths, Cluster.ClusterInstance cluster)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.MachineIdentifier)) { Value = options.Value.MachineIdentifier; Configured = true; return; }
        if (cluster.IsPostgres) { Value = ""; return; } // read from the database at start (LoadSharedAsync), before any request
        var file = Path.Combine(paths.DataPath, "machine-identifier");
        if (File.Exists(file)) { Value = File.ReadAllText(file).Trim(); return; }
        Value = Guid.NewGuid().ToString("N");
        File.WriteAllText(file, Value);
    }

    public string Value { get; private set; }
    private bool Configured { get; }

    /// <summary>PostgreSQL: every instance answers the one identifier stored in the database (the first start's).</summary>
    public async Task LoadSharedAsync(Persistence.PlexDbContext db, CancellationToken ct)
    {
        if (Configured) return;
        Value = (await Cluster.SharedSettings.GetOrAddAsync(db, Cluster.SharedSettings.MachineIdentifier, Guid.NewGuid().ToString("N"), ct)).Value;
    }
}
