using System.Text.Json.Nodes;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

/// <summary>What a client written against PMS reads first: the root, the identity and the media providers, in XML and JSON.</summary>
public class ServerIdentityTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private async Task<XElement> XmlAsync(string url, string? token = PlexServerFactory.AliceToken)
    {
        using var response = await factory.CreatePlexClient(token: token, json: false).GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {body}");
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType?.ToString());
        return XDocument.Parse(body).Root!;
    }

    /// <summary>PMS's version form: four numbers and a build hash, at or above 1.41.9 (which brought the download queue).</summary>
    private static void AssertPlexVersion(string? version)
    {
        Assert.Matches("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+-[0-9a-f]+$", version);
        var numbers = version!.Split('-')[0].Split('.').Select(int.Parse).ToArray();
        Assert.True(new Version(numbers[0], numbers[1], numbers[2]) >= new Version(1, 41, 9), version);
    }

    [Fact]
    public async Task The_root_lists_its_features_and_the_attributes_clients_read()
    {
        var root = await XmlAsync("/");
        Assert.Equal("MediaContainer", root.Name.LocalName);
        var keys = root.Elements("Directory").Select(d => d.Attribute("key")?.Value).ToList();
        Assert.Contains("downloadQueue", keys);
        Assert.Contains("library", keys);
        Assert.Contains("hubs", keys);
        Assert.All(root.Elements("Directory"), d => Assert.Equal(d.Attribute("key")?.Value, d.Attribute("title")?.Value));
        Assert.Equal(root.Elements("Directory").Count().ToString(), root.Attribute("size")?.Value);
        Assert.Equal("0", root.Attribute("myPlex")?.Value);
        Assert.Equal("1", root.Attribute("transcoderVideo")?.Value);
        Assert.Equal("1", root.Attribute("allowSync")?.Value);
        Assert.Equal("1", root.Attribute("eventStream")?.Value); // clients open /:/eventsource/notifications only when it says so
        Assert.Equal("PlexQueueServer", root.Attribute("friendlyName")?.Value);
        Assert.False(string.IsNullOrEmpty(root.Attribute("machineIdentifier")?.Value));
        AssertPlexVersion(root.Attribute("version")?.Value);

        var json = (await factory.CreatePlexClient().GetJsonAsync("/"))["MediaContainer"]!;
        Assert.Equal(root.Attribute("machineIdentifier")!.Value, (string?)json["machineIdentifier"]);
        Assert.False((bool)json["myPlex"]!);
        Assert.Contains("downloadQueue", json["Directory"]!.AsArray().Select(d => (string?)d!["key"]));
        Assert.Equal(1, (int)json["Directory"]![0]!["count"]!);
    }

    [Fact]
    public async Task Identity_needs_no_token_and_has_the_same_version_as_the_root()
    {
        var identity = await XmlAsync("/identity", token: null);
        AssertPlexVersion(identity.Attribute("version")?.Value);
        var root = await XmlAsync("/");
        Assert.Equal(root.Attribute("version")?.Value, identity.Attribute("version")?.Value);
        Assert.Equal(root.Attribute("machineIdentifier")?.Value, identity.Attribute("machineIdentifier")?.Value);
    }

    [Fact]
    public async Task Media_providers_describe_the_library_with_its_sections_and_features()
    {
        var xml = await XmlAsync("/media/providers");
        Assert.Equal("1", xml.Attribute("size")?.Value);
        AssertPlexVersion(xml.Attribute("version")?.Value);
        var provider = Assert.Single(xml.Elements("MediaProvider"));
        Assert.Equal("com.plexapp.plugins.library", provider.Attribute("identifier")?.Value);
        var features = provider.Elements("Feature").ToDictionary(f => f.Attribute("type")!.Value, f => f);
        Assert.Equal("/library/sections", features["content"].Attribute("key")?.Value);
        Assert.Equal("/hubs/search", features["search"].Attribute("key")?.Value);
        Assert.Equal("/library/metadata", features["metadata"].Attribute("key")?.Value);
        Assert.Equal("/photo/:/transcode", features["imagetranscoder"].Attribute("key")?.Value);
        var sections = features["content"].Elements("Directory").ToList();
        Assert.Equal(["Movies", "Music"], sections.Select(s => s.Attribute("title")?.Value));
        Assert.Equal(["movie", "artist"], sections.Select(s => s.Attribute("type")?.Value));
        Assert.Equal("/library/sections/1", sections[0].Attribute("key")?.Value);
        Assert.Equal("1", sections[0].Attribute("id")?.Value);

        var json = (await factory.CreatePlexClient().GetJsonAsync("/media/providers"))["MediaContainer"]!;
        var content = json["MediaProvider"]![0]!["Feature"]!.AsArray().Single(f => (string?)f!["type"] == "content")!;
        Assert.Equal("Music", (string?)content["Directory"]![1]!["title"]);
        Assert.IsAssignableFrom<JsonArray>(json["MediaProvider"]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/identity")]
    [InlineData("/media/providers")]
    [InlineData("/library/sections/all")]
    [InlineData("/downloadQueue/999")]
    public async Task Api_answers_carry_the_plex_protocol_and_no_cache(string url)
    {
        using var response = await factory.CreatePlexClient().GetAsync(url);
        Assert.Equal("1.0", response.Headers.GetValues("X-Plex-Protocol").Single());
        Assert.True(response.Headers.CacheControl?.NoCache, $"{url}: Cache-Control {response.Headers.CacheControl}");
    }

    [Fact]
    public async Task Refusals_carry_the_plex_protocol_too()
    {
        using var response = await factory.CreatePlexClient(token: null).GetAsync("/library/sections/all");
        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("1.0", response.Headers.GetValues("X-Plex-Protocol").Single());
    }
}
