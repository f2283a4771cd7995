using System.Text.Json.Nodes;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

/// <summary>The served OpenAPI document against the Plex spec (plex-openapi-subset.yaml), for the routes we implement.</summary>
public class OpenApiSpecTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private const string Headers = "accepts X-Plex-Client-Identifier X-Plex-Product X-Plex-Version X-Plex-Platform X-Plex-Platform-Version "
        + "X-Plex-Device X-Plex-Model X-Plex-Device-Vendor X-Plex-Device-Name X-Plex-Marketplace";

    private const string Decision = "advancedSubtitles audioBoost audioChannelCount autoAdjustQuality autoAdjustSubtitle directPlay directStream "
        + "directStreamAudio disableResolutionRotation hasMDE location mediaBufferSize mediaIndex musicBitrate offset partIndex path peakBitrate "
        + "photoResolution protocol secondsPerSegment subtitleSize subtitles videoBitrate videoQuality videoResolution";

    /// <summary>Method, path, operation id and the spec's parameter names, copied from the spec.</summary>
    public static TheoryData<string, string, string, string> Spec => new()
    {
        { "get", "/", "getServerInfo", Headers },
        { "get", "/identity", "getIdentity", "" },
        { "post", "/downloadQueue", "createDownloadQueue", "" },
        { "get", "/downloadQueue/{queueId}", "getDownloadQueue", Headers + " queueId" },
        { "post", "/downloadQueue/{queueId}/add", "addDownloadQueueItems", Headers + " queueId keys " + Decision },
        { "get", "/downloadQueue/{queueId}/items", "listDownloadQueueItems", Headers + " queueId" },
        { "get", "/downloadQueue/{queueId}/items/{itemId}", "getDownloadQueueItems", Headers + " queueId itemId" },
        { "delete", "/downloadQueue/{queueId}/items/{itemId}", "removeDownloadQueueItems", Headers + " queueId itemId" },
        { "post", "/downloadQueue/{queueId}/items/{itemId}/restart", "restartProcessingDownloadQueueItems", Headers + " queueId itemId" },
        { "get", "/downloadQueue/{queueId}/item/{itemId}/decision", "getItemDecision", Headers + " queueId itemId" },
        { "get", "/downloadQueue/{queueId}/item/{itemId}/media", "getDownloadQueueMedia", Headers + " queueId itemId" },
        { "get", "/library/sections/all", "getSections", "" },
        // Library routes: the spec's optional refresh/filter parameters we don't read are left out.
        { "get", "/library/sections/{sectionId}", "getLibraryDetails", Headers + " sectionId" },
        { "get", "/library/sections/{sectionId}/all", "listContent", Headers + " sectionId type title year sort" },
        { "post", "/library/sections/{sectionId}/refresh", "refreshSection", Headers + " sectionId force" },
        { "get", "/library/metadata/{ids}", "getMetadataItem", Headers + " ids" },
        // What PMS clients call beyond the spec subset (issue 9): named as the Plex SDKs name them.
        { "get", "/library", "getLibrary", Headers },
        { "get", "/library/sections", "getAllLibraries", Headers },
        { "get", "/library/sections/{sectionId}/refresh", "getRefreshLibraryMetadata", Headers + " sectionId force" },
        { "get", "/library/recentlyAdded", "getRecentlyAdded", Headers },
        { "get", "/library/onDeck", "getOnDeck", Headers },
        { "get", "/library/metadata/{ratingKey}/children", "getMetadataChildren", Headers + " ratingKey" },
        { "get", "/library/metadata/{ratingKey}/allLeaves", "getAllLeaves", Headers + " ratingKey" },
        { "get", "/hubs/search", "searchHubs", Headers + " query limit sectionId" },
        // The files behind Part and sidecar Stream keys (not in the subset; named as in the full Plex spec).
        { "get", "/library/parts/{partId}/{changedAt}/{filename}", "getMediaPart", Headers + " partId changedAt filename download" },
        { "get", "/library/streams/{streamId}", "getStream", Headers + " streamId download" },
        // Pictures and the media providers (issue 9): not in the spec subset, named as PMS's full spec names them.
        { "get", "/media/providers", "getMediaProviders", Headers },
        { "get", "/library/metadata/{id}/thumb/{ts}", "getMetadataThumb", Headers + " id ts" },
        { "get", "/library/metadata/{id}/art/{ts}", "getMetadataArt", Headers + " id ts" },
        { "get", "/photo/:/transcode", "transcodeImage", Headers + " url width height minSize upscale" },
        // Push (issue 15): named as the Plex SDKs name them.
        { "get", "/:/eventsource/notifications", "getNotifications", Headers + " filters" },
        { "get", "/:/websockets/notifications", "connectWebSocket", Headers + " filters" },
        { "get", "/{transcodeType}/:/transcode/universal/decision", "makeDecision",
            Headers + " transcodeType transcodeSessionId " + Decision + " X-Plex-Client-Profile-Extra X-Plex-Client-Profile-Name" },
    };

    private async Task<JsonObject> DocumentAsync() =>
        (await factory.CreatePlexClient(token: null).GetJsonAsync("/openapi/v1.json")).AsObject();

    [Theory]
    [MemberData(nameof(Spec))]
    public async Task Each_spec_operation_is_served_with_its_id_and_parameters(string method, string path, string operationId, string parameters)
    {
        var operation = (await DocumentAsync())["paths"]?[path]?[method];
        Assert.True(operation is not null, $"{method.ToUpperInvariant()} {path} is missing from the document");
        Assert.Equal(operationId, (string?)operation["operationId"]);
        var names = operation["parameters"]?.AsArray().Select(p => (string)p!["name"]!).ToArray() ?? [];
        Assert.Equal(parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries), names);
    }

    [Fact]
    public async Task The_document_has_no_operation_the_spec_lacks_but_health()
    {
        var served = (await DocumentAsync())["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(o => $"{o.Key} {p.Key}")).Order().ToArray();
        var expected = Spec.Select(row => $"{row[0]} {row[1]}").Append("get /health").Order().ToArray();
        Assert.Equal(expected, served);
    }

    [Fact]
    public async Task Every_operation_but_identity_and_health_requires_the_plex_token()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["token"]!;
        Assert.Equal("apiKey", (string?)scheme["type"]);
        Assert.Equal("header", (string?)scheme["in"]);
        Assert.Equal("X-Plex-Token", (string?)scheme["name"]);
        foreach (var operation in document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).Select(o => o.Value!))
        {
            var id = (string)operation["operationId"]!;
            var secured = operation["security"]?.AsArray().Any(r => r!.AsObject().ContainsKey("token")) ?? false;
            Assert.True(secured == id is not ("getIdentity" or "getHealth"), $"{id}: security {operation["security"]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Add_lists_keys_as_a_required_comma_list_and_the_specs_types_and_enums()
    {
        var parameters = (await DocumentAsync())["paths"]!["/downloadQueue/{queueId}/add"]!["post"]!["parameters"]!.AsArray()
            .ToDictionary(p => (string)p!["name"]!, p => p!);
        var keys = parameters["keys"];
        Assert.True((bool)keys["required"]!);
        Assert.False((bool)keys["explode"]!);
        Assert.Equal("array", (string?)keys["schema"]!["type"]);
        Assert.Equal("string", (string?)keys["schema"]!["items"]!["type"]);
        Assert.Equal("integer", (string?)parameters["queueId"]["schema"]!["type"]);
        Assert.Equal([0, 1], parameters["directPlay"]["schema"]!["enum"]!.AsArray().Select(v => (int)v!));
        Assert.Equal(["lan", "wan", "cellular"], parameters["location"]["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["http", "hls", "dash"], parameters["protocol"]["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(7, parameters["subtitles"]["schema"]!["enum"]!.AsArray().Count);
        Assert.Equal("number", (string?)parameters["offset"]["schema"]!["type"]);
        Assert.Equal("integer", (string?)parameters["videoBitrate"]["schema"]!["type"]);
        Assert.Equal("string", (string?)parameters["videoResolution"]["schema"]!["type"]);
    }

    [Fact]
    public async Task Media_documents_503_with_retry_after_and_item_lists_are_comma_separated()
    {
        var paths = (await DocumentAsync())["paths"]!;
        var media = paths["/downloadQueue/{queueId}/item/{itemId}/media"]!["get"]!["responses"]!;
        Assert.Equal("integer", (string?)media["503"]!["headers"]!["Retry-After"]!["schema"]!["type"]);
        Assert.NotNull(media["400"]);
        var itemId = paths["/downloadQueue/{queueId}/items/{itemId}"]!["delete"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "itemId")!;
        Assert.Equal("array", (string?)itemId["schema"]!["type"]);
        Assert.Equal("integer", (string?)itemId["schema"]!["items"]!["type"]);
        var decision = paths["/downloadQueue/{queueId}/item/{itemId}/decision"]!["get"]!["responses"]!;
        Assert.NotNull(decision["400"]);
        Assert.EndsWith("/MediaContainerWithDecision", (string?)decision["200"]!["content"]!["application/json"]!["schema"]!["$ref"]);
        var add = paths["/downloadQueue/{queueId}/add"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"];
        Assert.EndsWith("/AddedQueueItemsContainer", (string?)add);
    }
}
