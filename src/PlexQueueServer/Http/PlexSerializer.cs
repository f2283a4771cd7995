using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Xml;

namespace PlexQueueServer.Http;

/// <summary>
/// One model for both formats: records are serialized by System.Text.Json (nulls omitted), and the
/// same JSON tree is written as Plex XML (scalars as attributes, objects and arrays as child elements,
/// booleans as 0/1).
/// </summary>
public static class PlexSerializer
{
    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = new PlexNamingPolicy(),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.Strict,
    };

    public static byte[] ToJson(object model) => JsonSerializer.SerializeToUtf8Bytes(model, model.GetType(), Json);

    public static byte[] ToXml(object model)
    {
        var root = JsonSerializer.SerializeToNode(model, model.GetType(), Json) as JsonObject
                   ?? throw new InvalidOperationException("A Plex response is an object.");
        using var buffer = new MemoryStream();
        // Plex's declaration spells UTF-8 in capitals; XmlWriter would write utf-8.
        buffer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"u8);
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = false, OmitXmlDeclaration = true };
        using (var writer = XmlWriter.Create(buffer, settings))
        {
            foreach (var (name, value) in root)
                WriteElement(writer, name, value);
        }
        return buffer.ToArray();
    }

    private static void WriteElement(XmlWriter writer, string name, JsonNode? node)
    {
        writer.WriteStartElement(ElementName(name, node));
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj)
                if (value is JsonValue scalar) writer.WriteAttributeString(key, Scalar(scalar));
            foreach (var (key, value) in obj)
            {
                if (value is JsonObject) WriteElement(writer, key, value);
                else if (value is JsonArray array)
                    foreach (var entry in array) WriteElement(writer, key, entry);
            }
        }
        else if (node is JsonValue scalar)
        {
            writer.WriteAttributeString("value", Scalar(scalar));
        }
        writer.WriteEndElement();
    }

    /// <summary>
    /// JSON's "Metadata" is named by kind in XML, as PMS does: element-driven clients pick their classes by tag
    /// and skip tags they do not know, so a &lt;Metadata&gt; item is invisible to them.
    /// </summary>
    public static string ElementName(string name, JsonNode? node)
    {
        if (name != "Metadata" || node is not JsonObject obj || obj["type"] is not JsonValue type
            || type.GetValueKind() != JsonValueKind.String) return name;
        return type.GetValue<string>() switch
        {
            "movie" or "episode" or "clip" or "trailer" => "Video",
            "show" or "season" or "artist" or "album" or "collection" or "playlist" => "Directory",
            "track" => "Track",
            "photo" => "Photo",
            _ => name,
        };
    }

    private static string Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.True => "1",
        JsonValueKind.False => "0",
        JsonValueKind.String => value.GetValue<string>(),
        _ => value.ToJsonString(),
    };

    /// <summary>Plex names elements in PascalCase (MediaContainer, Metadata, Stream) and attributes in camelCase.</summary>
    private sealed class PlexNamingPolicy : JsonNamingPolicy
    {
        private static readonly HashSet<string> ElementNames =
        [
            "MediaContainer", "DownloadQueue", "DownloadQueueItem", "AddedQueueItems", "DecisionResult", "TranscodeSession",
            "Metadata", "Media", "Part", "Stream", "Directory", "Location", "Genre", "Director", "Role",
        ];

        public override string ConvertName(string name) => ElementNames.Contains(name) ? name : CamelCase.ConvertName(name);
    }

    public static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a != null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

}
