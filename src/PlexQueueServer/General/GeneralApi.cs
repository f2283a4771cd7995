using System.Reflection;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;

namespace PlexQueueServer.General;

public static class GeneralApi
{
    public static readonly string Version =
        typeof(GeneralApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "1.0.0";

    public static IEndpointRouteBuilder MapGeneral(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/identity", HeadRequests.GetAndHead, GetIdentity).WithoutBodyOnHead().WithName("getIdentity").WithTags("General")
            .WithSummary("Get PMS identity").WithDescription("The server's machine identifier and version; needs no token.").AllowAnonymous();
        routes.MapMethods("/", HeadRequests.GetAndHead, GetServerInfo).WithoutBodyOnHead().WithName("getServerInfo").WithTags("General").WithSummary("Get PMS info")
            .WithDescription("Server name, machine identifier, version and capabilities (sync, transcoder).");
        routes.MapHealth();
        return routes;
    }

    private static PlexResult GetIdentity(MachineIdentity identity) =>
        PlexResults.Ok(new { MediaContainer = new { size = 0, claimed = true, machineIdentifier = identity.Value, version = Version } });

    private static PlexResult GetServerInfo(MachineIdentity identity, IOptions<ServerOptions> server) =>
        PlexResults.Ok(new
        {
            MediaContainer = new
            {
                size = 0,
                allowSync = true,
                friendlyName = server.Value.FriendlyName,
                machineIdentifier = identity.Value,
                version = Version,
                platform = Environment.OSVersion.Platform.ToString(),
                transcoderVideo = true,
                transcoderAudio = true,
                sync = true,
            },
        });
}

/// <summary>A stable machine identifier: configured, or generated once and kept in the data folder.</summary>
public sealed class MachineIdentity
{
    public MachineIdentity(IOptions<ServerOptions> options, ResolvedPaths paths)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.MachineIdentifier)) { Value = options.Value.MachineIdentifier; return; }
        var file = Path.Combine(paths.DataPath, "machine-identifier");
        if (File.Exists(file)) { Value = File.ReadAllText(file).Trim(); return; }
        Value = Guid.NewGuid().ToString("N");
        File.WriteAllText(file, Value);
    }

    public string Value { get; }
}
