using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace PlexQueueServer.OpenApi;

/// <summary>The spec's components/parameters that our routes read, with the spec's types and enums.</summary>
internal static class PlexParameters
{
    /// <summary>The Plex client headers the spec lists on every authenticated route.</summary>
    public static readonly string[] ClientHeaders =
    [
        "X-Plex-Client-Identifier", "X-Plex-Product", "X-Plex-Version", "X-Plex-Platform", "X-Plex-Platform-Version",
        "X-Plex-Device", "X-Plex-Model", "X-Plex-Device-Vendor", "X-Plex-Device-Name", "X-Plex-Marketplace",
    ];

    public static IEnumerable<OpenApiParameter> Headers()
    {
        yield return new OpenApiParameter
        {
            Name = "accepts", In = ParameterLocation.Header, Description = "Indicates the client accepts the indicated media types",
            Schema = Enum(JsonSchemaType.String, "application/json", "application/xml"),
        };
        foreach (var name in ClientHeaders)
            yield return new OpenApiParameter
            {
                Name = name, In = ParameterLocation.Header, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                Description = name == "X-Plex-Client-Identifier"
                    ? "The client's unique identifier: one download queue per user and client."
                    : "Describes the client (informational).",
            };
    }

    public static OpenApiParameter Path(string name, string description, bool commaList = false) => new()
    {
        Name = name, In = ParameterLocation.Path, Required = true, Description = description,
        Style = commaList ? ParameterStyle.Simple : null, Explode = false,
        Schema = commaList
            ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Integer } }
            : new OpenApiSchema { Type = JsonSchemaType.Integer },
    };

    /// <summary>addDownloadQueueItems' query: keys plus the decision parameters, in the spec's order.</summary>
    public static IEnumerable<OpenApiParameter> AddQuery()
    {
        yield return new OpenApiParameter
        {
            Name = "keys", In = ParameterLocation.Query, Required = true, Style = ParameterStyle.Form, Explode = false,
            Description = "Keys to add, comma-separated (e.g. /library/metadata/3,/library/metadata/6)",
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        foreach (var parameter in DecisionQuery()) yield return parameter;
    }

    /// <summary>makeDecision's query and headers, in the spec's order: the same decision parameters as add.</summary>
    public static IEnumerable<OpenApiParameter> UniversalDecisionQuery()
    {
        yield return Query("transcodeSessionId", new OpenApiSchema { Type = JsonSchemaType.String }, "Transcode session UUID.");
        foreach (var parameter in DecisionQuery()) yield return parameter;
        foreach (var (name, description) in ProfileHeaders)
            yield return new OpenApiParameter { Name = name, In = ParameterLocation.Header, Description = description, Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
    }

    private static readonly (string Name, string Description)[] ProfileHeaders =
    [
        ("X-Plex-Client-Profile-Extra", "Profile augmentations: add-transcode-target(…)+add-direct-play-profile(…)+add-limitation(…); also accepted in the query."),
        ("X-Plex-Client-Profile-Name", "A built-in client profile; Generic."),
    ];

    private static IEnumerable<OpenApiParameter> DecisionQuery() => Decision.Select(d => Query(d.Name, d.Schema(), d.Description));

    private static readonly (string Name, Func<OpenApiSchema> Schema, string Description)[] Decision =
    [
        ("advancedSubtitles", () => Enum(JsonSchemaType.String, "burn", "text", "unknown"), "How incompatible advanced subtitles (ass/ssa) are included."),
        ("audioBoost", () => Int(1), "Percentage of original audio loudness when transcoding (100 is the original)."),
        ("audioChannelCount", () => Int(1, 8), "Target number of audio channels."),
        ("autoAdjustQuality", BoolInt, "Indicates the client supports ABR."),
        ("autoAdjustSubtitle", BoolInt, "Adjust subtitles based on Voice Activity Data."),
        ("directPlay", BoolInt, "Indicates the client supports direct playing the content."),
        ("directStream", BoolInt, "Indicates the client supports direct streaming the video."),
        ("directStreamAudio", BoolInt, "Indicates the client supports direct streaming the audio."),
        ("disableResolutionRotation", BoolInt, "Indicates if resolution should be adjusted for orientation."),
        ("hasMDE", BoolInt, "Ignore client profiles when determining if direct play is possible."),
        ("location", () => Enum(JsonSchemaType.String, "lan", "wan", "cellular"), "Network type of the client."),
        ("mediaBufferSize", () => Int(), "Buffer size used in playback (KB)."),
        ("mediaIndex", () => Int(), "Index of the media to convert; -1 or absent lets the server choose."),
        ("musicBitrate", () => Int(0), "Target bitrate for audio-only files (kbps)."),
        ("offset", () => new OpenApiSchema { Type = JsonSchemaType.Number }, "Offset from the start of the media (seconds)."),
        ("partIndex", () => Int(), "Index of the part to convert; -1 or absent joins parts."),
        ("path", () => new OpenApiSchema { Type = JsonSchemaType.String }, "Internal PMS path of the media."),
        ("peakBitrate", () => Int(0), "Maximum bitrate (kbps) to use in ABR."),
        ("photoResolution", () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^\d[x:]\d$" }, "Target photo resolution."),
        ("protocol", () => Enum(JsonSchemaType.String, "http", "hls", "dash"), "Network streaming protocol."),
        ("secondsPerSegment", () => Int(), "Seconds in each transcoded segment."),
        ("subtitleSize", () => Int(1), "Percentage of original subtitle size when burning."),
        ("subtitles", () => Enum(JsonSchemaType.String, "auto", "burn", "none", "sidecar", "embedded", "segmented", "unknown"), "How subtitles are included."),
        ("videoBitrate", () => Int(0), "Target video bitrate (kbps)."),
        ("videoQuality", () => Int(0, 99), "Target video quality."),
        ("videoResolution", () => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^\d[x:]\d$" }, "Target maximum video resolution, e.g. 1280x720."),
    ];

    private static OpenApiParameter Query(string name, OpenApiSchema schema, string description) =>
        new() { Name = name, In = ParameterLocation.Query, Schema = schema, Description = description };

    private static OpenApiSchema BoolInt() => new()
    {
        Type = JsonSchemaType.Integer, Format = "int32", Enum = [JsonValue.Create(0), JsonValue.Create(1)], Default = JsonValue.Create(0),
    };

    private static OpenApiSchema Int(int? minimum = null, int? maximum = null) => new()
    {
        Type = JsonSchemaType.Integer, Minimum = minimum?.ToString(), Maximum = maximum?.ToString(),
    };

    private static OpenApiSchema Enum(JsonSchemaType type, params string[] values) =>
        new() { Type = type, Enum = values.Select(v => (JsonNode)JsonValue.Create(v)).ToList() };
}
