using Microsoft.OpenApi;

namespace PlexQueueServer.OpenApi;

/// <summary>Response shapes (component schemas) named after the spec's MediaContainer variants.</summary>
internal static class PlexSchemas
{
    public static readonly Dictionary<string, Func<OpenApiSchema>> Components = new()
    {
        ["DownloadQueueContainer"] = () => Container(("DownloadQueue", Obj(
            ("id", Int()), ("owner", Int()), ("clientIdentifier", Str()), ("itemCount", Int()), ("status", Str())))),
        ["AddedQueueItemsContainer"] = () => Container(("AddedQueueItems", Obj(("id", Int()), ("key", Str())))),
        ["DownloadQueueItemsContainer"] = () => Container(("DownloadQueueItem", Obj(
            ("id", Int()), ("queueId", Int()), ("key", Str()), ("status", Str()), ("error", Str()),
            ("DecisionResult", Obj(("generalDecisionCode", Int()), ("generalDecisionText", Str()),
                ("directPlayDecisionCode", Int()), ("directPlayDecisionText", Str()),
                ("transcodeDecisionCode", Int()), ("transcodeDecisionText", Str()))),
            ("TranscodeSession", Obj(("progress", new OpenApiSchema { Type = JsonSchemaType.Number }), ("speed", new OpenApiSchema { Type = JsonSchemaType.Number }),
                ("remaining", Int()), ("container", Str()), ("videoDecision", Str()), ("audioDecision", Str())))))),
        ["MediaContainerWithDecision"] = () => Container(("Metadata", Obj(("ratingKey", Str()), ("title", Str()), ("Media", new OpenApiSchema { Type = JsonSchemaType.Array }))),
            ("generalDecisionCode", Int()), ("generalDecisionText", Str()), ("directPlayDecisionCode", Int()), ("transcodeDecisionCode", Int())),
        ["MediaContainerWithDirectory"] = () => Container(("Directory", Obj(("key", Str()), ("title", Str()), ("type", Str())))),
        ["MediaContainerWithMetadata"] = () => Container(("Metadata", Obj(("ratingKey", Str()), ("key", Str()), ("title", Str()), ("type", Str())))),
        ["ServerContainer"] = () => Container(("_", Str())).WithoutList(("machineIdentifier", Str()), ("version", Str())),
    };

    private static OpenApiSchema Container((string Name, OpenApiSchema Item) list, params (string, OpenApiSchema)[] extra)
    {
        var body = Obj(extra.Prepend(("size", Int())).ToArray());
        if (list.Name != "_") body.Properties![list.Name] = new OpenApiSchema { Type = JsonSchemaType.Array, Items = list.Item };
        return Obj(("MediaContainer", body));
    }

    private static OpenApiSchema WithoutList(this OpenApiSchema container, params (string, OpenApiSchema)[] properties)
    {
        var body = (OpenApiSchema)container.Properties!["MediaContainer"];
        foreach (var (name, schema) in properties) body.Properties![name] = schema;
        return container;
    }

    private static OpenApiSchema Obj(params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
    };

    private static OpenApiSchema Int() => new() { Type = JsonSchemaType.Integer };

    private static OpenApiSchema Str() => new() { Type = JsonSchemaType.String };
}
