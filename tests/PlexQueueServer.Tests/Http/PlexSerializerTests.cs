using System.Text;
using System.Xml.Linq;
using PlexQueueServer.Http;
using PlexQueueServer.Library;

namespace PlexQueueServer.Tests.Http;

/// <summary>One model, two formats: JSON keeps Metadata, XML names each item by its type as PMS does.</summary>
public class PlexSerializerTests
{
    private static PlexMetadata Item(string type, int id) => new() { RatingKey = id.ToString(), Key = $"/library/metadata/{id}", Type = type, Title = type };

    [Fact]
    public void Xml_names_items_by_type_and_json_keeps_Metadata()
    {
        var types = new[] { "movie", "episode", "clip", "show", "season", "artist", "album", "track", "photo", "somethingNew" };
        var model = new MetadataContainer(new MetadataBody { Size = types.Length, Metadata = types.Select((t, i) => Item(t, i + 1)).ToList() });

        var root = XDocument.Parse(Encoding.UTF8.GetString(PlexSerializer.ToXml(model))).Root!;
        Assert.Equal(["Video", "Video", "Video", "Directory", "Directory", "Directory", "Directory", "Track", "Photo", "Metadata"],
            root.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(types, root.Elements().Select(e => e.Attribute("type")!.Value));

        var json = System.Text.Json.JsonDocument.Parse(PlexSerializer.ToJson(model)).RootElement.GetProperty("MediaContainer");
        Assert.Equal(types.Length, json.GetProperty("Metadata").GetArrayLength());
    }

    [Fact]
    public void Only_Metadata_elements_are_renamed()
    {
        // A Hub and a section carry a type too, and keep their own element names.
        var hub = new HubsContainer(new HubsBody
        {
            Size = 1,
            Hub = [new PlexHub { Title = "Tracks", Type = "track", HubIdentifier = "track", Context = "hub.search.track", Size = 1, Metadata = [Item("track", 7)] }],
        });
        var root = XDocument.Parse(Encoding.UTF8.GetString(PlexSerializer.ToXml(hub))).Root!;
        var element = Assert.Single(root.Elements());
        Assert.Equal("Hub", element.Name.LocalName);
        Assert.Equal("7", element.Element("Track")!.Attribute("ratingKey")!.Value);
    }
}
