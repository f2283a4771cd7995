using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace PlexQueueServer.OpenApi;

/// <summary>
/// Brings the generated document to the Plex spec: the X-Plex-Token scheme on every route but the open ones,
/// the client headers, add's decision parameters, path parameter types, response shapes, 400/401/404/503.
/// </summary>
public sealed class PlexDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SchemeName = "token";

    /// <summary>Operations the spec lists without client headers.</summary>
    private static readonly HashSet<string> NoHeaders = ["getIdentity", "getHealth", "createDownloadQueue", "getSections"];

    private static readonly Dictionary<string, string> Shapes = new()
    {
        ["createDownloadQueue"] = "DownloadQueueContainer", ["getDownloadQueue"] = "DownloadQueueContainer",
        ["addDownloadQueueItems"] = "AddedQueueItemsContainer",
        ["listDownloadQueueItems"] = "DownloadQueueItemsContainer", ["getDownloadQueueItems"] = "DownloadQueueItemsContainer",
        ["getItemDecision"] = "MediaContainerWithDecision", ["makeDecision"] = "MediaContainerWithDecision",
        ["getSections"] = "MediaContainerWithDirectory", ["getLibraryDetails"] = "MediaContainerWithDirectory",
        ["listContent"] = "MediaContainerWithMetadata", ["getMetadataItem"] = "MediaContainerWithMetadata",
        ["getAllLibraries"] = "MediaContainerWithDirectory", ["getLibrary"] = "MediaContainerWithDirectory",
        ["getRecentlyAdded"] = "MediaContainerWithMetadata", ["getOnDeck"] = "MediaContainerWithMetadata",
        ["getMetadataChildren"] = "MediaContainerWithMetadata", ["getAllLeaves"] = "MediaContainerWithMetadata",
        ["getIdentity"] = "ServerContainer", ["getServerInfo"] = "ServerContainer",
    };

    private static readonly Dictionary<string, string> Descriptions = new()
    {
        ["getDownloadQueue"] = "The queue's id, owner, client identifier, item count and status.",
        ["addDownloadQueueItems"] = "Adds library keys with the quality the client asks for; the server decides direct play, copy or convert per stream. An item already in the queue with the same parameters is returned, not added twice.",
        ["listDownloadQueueItems"] = "All items of the queue with status, decision and conversion progress (TranscodeSession). Paged by X-Plex-Container-Start/Size.",
        ["getDownloadQueueItems"] = "Items by comma-separated ids.",
        ["removeDownloadQueueItems"] = "Deletes items by comma-separated ids, cancelling running conversions and removing their files.",
        ["restartProcessingDownloadQueueItems"] = "Decides and converts the items again (e.g. after an error or expiry).",
        ["makeDecision"] = "The decision a queue item would get, before queueing: path=/library/metadata/{id} plus the same parameters as add.",
        ["getItemDecision"] = "Why the server chose direct play, copy or convert: codes and Media → Part → Stream decisions. 400 while the item is still deciding.",
    };

    private static readonly Dictionary<string, string> TagDescriptions = new()
    {
        ["Download Queue"] = "A client's queue of library items to prepare for offline use: add, poll, download.",
        ["General"] = "Server identity, information and health.",
        ["Library"] = "Library sections and their items, so clients have keys to add.",
        ["Content"] = "Metadata items by rating key, and their children and leaves (seasons, episodes, albums, tracks).",
        ["Search"] = "Search hubs: the library's items whose titles match, one hub per type.",
        ["Events"] = "Push instead of polling: activity and transcode session events about your own queues, over Server-Sent Events or a websocket.",
    };

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "PlexQueueServer";
        document.Info.Description = "The Plex Media Server download-queue API. Authorize with your X-Plex-Token (see ./data/token on a first run).";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "X-Plex-Token",
            Description = "The token which identifies the user: from Auth:Users, or the generated admin token. Also accepted as ?X-Plex-Token=.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var (name, build) in PlexSchemas.Components) document.Components.Schemas[name] = build();

        document.Tags ??= new HashSet<OpenApiTag>();
        foreach (var (name, text) in TagDescriptions)
        {
            if (document.Tags.FirstOrDefault(t => t.Name == name) is { } tag) tag.Description ??= text;
            else document.Tags.Add(new OpenApiTag { Name = name, Description = text });
        }
        // Paths in order, so each Swagger UI section reads top-down (create, get, add, items…).
        var sorted = document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
        document.Paths.Clear();
        foreach (var (path, item) in sorted) document.Paths.Add(path, item);

        // Open routes are the endpoints marked AllowAnonymous, the same metadata the token middleware reads.
        var open = context.DescriptionGroups.SelectMany(g => g.Items)
            .Where(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            .Select(d => d.ActionDescriptor.EndpointMetadata.OfType<Microsoft.AspNetCore.Routing.IEndpointNameMetadata>().FirstOrDefault()?.EndpointName)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var (_, pathItem) in document.Paths)
        {
            if (pathItem.Operations is not { } operations) continue;
            operations.Remove(HttpMethod.Head); // the spec documents HEAD of media as part of its GET
            foreach (var (_, operation) in operations) Transform(document, operation, open);
        }
        await Task.CompletedTask;
    }

    private static void Transform(OpenApiDocument document, OpenApiOperation operation, IReadOnlySet<string> open)
    {
        var id = operation.OperationId ?? "";
        if (Descriptions.TryGetValue(id, out var description)) operation.Description ??= description;
        var parameters = operation.Parameters ??= new List<IOpenApiParameter>();
        var generated = parameters.ToList();
        parameters.Clear();
        if (!NoHeaders.Contains(id)) foreach (var header in PlexParameters.Headers()) parameters.Add(header);
        foreach (var parameter in generated) parameters.Add(Retype(parameter));
        if (id == "addDownloadQueueItems") foreach (var query in PlexParameters.AddQuery()) parameters.Add(query);
        if (id == "makeDecision") foreach (var query in PlexParameters.UniversalDecisionQuery()) parameters.Add(query);

        operation.Responses ??= new OpenApiResponses();
        if (Shapes.TryGetValue(id, out var shape)) operation.Responses["200"] = Ok(document, shape);
        if (id == "getDownloadQueueMedia") AddMediaResponses(operation.Responses);
        if (!open.Contains(id))
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeName, document)] = [] }];
            operation.Responses["401"] = Text("No valid X-Plex-Token.");
        }
        if (parameters.Any(p => p.In is ParameterLocation.Path or ParameterLocation.Query) || id == "getItemDecision")
            operation.Responses["400"] = Text("Bad request: a malformed id, key or parameter (the reason is in the body).");
        if (id.Contains("DownloadQueue", StringComparison.Ordinal) && id != "createDownloadQueue" || id == "getItemDecision")
            operation.Responses["404"] = Text("No such queue for this user, or no such item in it.");
    }

    /// <summary>Path ids as the spec types them: numbers, or comma-separated lists of numbers.</summary>
    private static IOpenApiParameter Retype(IOpenApiParameter parameter)
    {
        if (parameter.In != ParameterLocation.Path || parameter.Name is null) return parameter;
        return parameter.Name switch
        {
            "queueId" => PlexParameters.Path("queueId", "The queue id"),
            "itemId" when parameter.Schema?.Type == JsonSchemaType.Integer => PlexParameters.Path("itemId", "The item id"),
            "itemId" => PlexParameters.Path("itemId", "Comma-separated item ids", commaList: true),
            "ids" => PlexParameters.Path("ids", "Comma-separated rating keys", commaList: true),
            "sectionId" => PlexParameters.Path("sectionId", "The section id"),
            _ => parameter,
        };
    }

    private static OpenApiResponse Ok(OpenApiDocument document, string shape)
    {
        var media = new OpenApiMediaType { Schema = new OpenApiSchemaReference(shape, document) };
        return new OpenApiResponse
        {
            Description = "OK (XML unless the client sends Accept: application/json)",
            Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = media, ["application/xml"] = media },
        };
    }

    private static void AddMediaResponses(OpenApiResponses responses)
    {
        responses["200"] = new OpenApiResponse
        {
            Description = "The raw media file (Range requests answered 206; HEAD answers headers only)",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/octet-stream"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" } },
            },
        };
        responses["503"] = new OpenApiResponse
        {
            Description = "The item is not complete yet: deciding, waiting or converting",
            Headers = new Dictionary<string, IOpenApiHeader>
            {
                ["Retry-After"] = new OpenApiHeader
                {
                    Description = "The estimated seconds before completion, or -1 if unknown",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer },
                },
            },
        };
        responses["410"] = Text("The item expired or its file is gone; restart it.");
    }

    private static OpenApiResponse Text(string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType> { ["text/html"] = new() },
    };
}
