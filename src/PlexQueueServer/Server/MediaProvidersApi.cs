using System.Globalization;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Library;

namespace PlexQueueServer.Server;

/// <summary>GET /media/providers: where a Plex client's connect starts; it finds sections, search and images through it.</summary>
public static class MediaProvidersApi
{
    public static IEndpointRouteBuilder MapMediaProviders(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/media/providers", GetMediaProviders).WithName("getMediaProviders").WithTags("General")
            .WithSummary("Get the media providers")
            .WithDescription("The library provider and its features (content with the sections, search, metadata, image transcoder).");
        return routes;
    }

    public static PlexResult GetMediaProviders(MachineIdentity identity, IOptions<ServerOptions> server, LibrarySections sections)
    {
        var directories = sections.All.Select(s => new ProviderDirectory
        {
            Id = s.Id.ToString(CultureInfo.InvariantCulture),
            Key = $"/library/sections/{s.Id}",
            HubKey = $"/hubs/sections/{s.Id}",
            Type = s.Type,
            Title = s.Title,
            Agent = s.Agent,
            Scanner = s.Scanner,
            Uuid = s.Uuid,
            Refreshing = s.Refreshing,
            UpdatedAt = s.ScannedAt is { } at ? MetadataMapper.Unix(at) : null,
            ScannedAt = s.ScannedAt is { } scanned ? MetadataMapper.Unix(scanned) : null,
        }).ToList();
        // Only features whose routes this server answers: a client that follows a feature's key must not meet a 404.
        ProviderFeature[] features =
        [
            new() { Type = "content", Key = "/library/sections", Directory = directories },
            new() { Type = "search", Key = "/hubs/search" },
            new() { Type = "metadata", Key = "/library/metadata" },
            new() { Type = "imagetranscoder", Key = "/photo/:/transcode" },
        ];
        return PlexResults.Ok(new ProvidersContainer(new ProvidersBody
        {
            Size = 1,
            FriendlyName = server.Value.FriendlyName,
            MachineIdentifier = identity.Value,
            Platform = GeneralApi.Platform,
            PlatformVersion = Environment.OSVersion.Version.ToString(),
            Version = GeneralApi.PlexVersion,
            MediaProvider = [new MediaProvider { Feature = features }],
        }));
    }
}
