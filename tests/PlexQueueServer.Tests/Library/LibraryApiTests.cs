using System.Net;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

public class LibraryApiTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    [Fact]
    public async Task Sections_are_listed_with_their_types_and_locations()
    {
        var client = factory.CreatePlexClient();
        var container = await client.GetContainerAsync("/library/sections/all");

        Assert.Equal(2, container.GetProperty("size").GetInt32());
        Assert.Equal("Plex Library", container.GetProperty("title1").GetString());
        var dirs = container.GetProperty("Directory").EnumerateArray().ToList();
        Assert.Equal(["1", "2"], dirs.Select(d => d.GetProperty("key").GetString()));
        Assert.Equal(["movie", "artist"], dirs.Select(d => d.GetProperty("type").GetString()));
        Assert.Equal(["Movies", "Music"], dirs.Select(d => d.GetProperty("title").GetString()));
        Assert.Equal(factory.MoviesPath, dirs[0].GetProperty("Location")[0].GetProperty("path").GetString());
        Assert.True(Guid.TryParse(dirs[0].GetProperty("uuid").GetString(), out _));
        Assert.NotEqual(dirs[0].GetProperty("uuid").GetString(), dirs[1].GetProperty("uuid").GetString());
        Assert.Equal("en-US", dirs[0].GetProperty("language").GetString());
    }

    [Fact]
    public async Task Movie_section_lists_the_movies_with_titles_and_years_from_file_names()
    {
        var client = factory.CreatePlexClient();
        var container = await client.WaitForMoviesAsync();

        var movies = container.Metadata().ToDictionary(m => m.GetProperty("title").GetString()!, m => m);
        Assert.Equal(2020, movies["Direct Movie"].GetProperty("year").GetInt32());
        Assert.Equal(2021, movies["Convert Movie"].GetProperty("year").GetInt32());
        Assert.Equal(2022, movies["Slow Movie"].GetProperty("year").GetInt32());
        Assert.All(movies.Values, m => Assert.Equal("movie", m.GetProperty("type").GetString()));
        Assert.Equal(3, container.GetProperty("totalSize").GetInt32());
    }

    [Fact]
    public async Task Metadata_has_media_parts_and_streams_with_plex_codec_names()
    {
        var client = factory.CreatePlexClient();
        var direct = await client.RatingKeyOfAsync(1, "Direct Movie");
        var convert = await client.RatingKeyOfAsync(1, "Convert Movie");

        var container = await client.GetContainerAsync($"/library/metadata/{direct},{convert}");
        var items = container.Metadata().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal(direct.ToString(), items[0].GetProperty("ratingKey").GetString());
        Assert.Equal($"/library/metadata/{direct}", items[0].GetProperty("key").GetString());
        Assert.Equal("Movies", items[0].GetProperty("librarySectionTitle").GetString());
        Assert.InRange(items[0].GetProperty("duration").GetInt64(), 1500, 2500);

        var media = items[0].GetProperty("Media")[0];
        Assert.Equal("mp4", media.GetProperty("container").GetString());
        Assert.Equal("h264", media.GetProperty("videoCodec").GetString());
        Assert.Equal("aac", media.GetProperty("audioCodec").GetString());
        Assert.Equal(160, media.GetProperty("width").GetInt32());
        Assert.Equal("sd", media.GetProperty("videoResolution").GetString());
        var part = media.GetProperty("Part")[0];
        Assert.Equal($"/library/parts/{direct}/{items[0].GetProperty("updatedAt").GetInt64()}/file.mp4", part.GetProperty("key").GetString());
        Assert.Equal(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie), part.GetProperty("file").GetString());
        var streams = part.GetProperty("Stream").EnumerateArray().ToList();
        Assert.Equal([1, 2], streams.Select(s => s.GetProperty("streamType").GetInt32()));
        Assert.Equal(["h264", "aac"], streams.Select(s => s.GetProperty("codec").GetString()));
        Assert.Equal("lc", streams[1].GetProperty("profile").GetString());

        var convertMedia = items[1].GetProperty("Media")[0];
        Assert.Equal("mkv", convertMedia.GetProperty("container").GetString());
        Assert.Equal("mpeg4", convertMedia.GetProperty("videoCodec").GetString());
        Assert.Equal("mp3", convertMedia.GetProperty("audioCodec").GetString());
    }

    [Fact]
    public async Task Music_section_lists_artists_and_tracks_with_parents()
    {
        var client = factory.CreatePlexClient();
        var artists = await client.WaitForAsync("/library/sections/2/all", c => c.Titles().Contains("Test Artist"));
        Assert.Equal(["Test Artist"], artists.Titles());
        Assert.Equal("artist", artists.Metadata().First().GetProperty("type").GetString());

        var tracks = await client.WaitForAsync("/library/sections/2/all?type=10", c => c.Metadata().Count() >= 2);
        Assert.Equal(["Flac Song", "Mp3 Song"], tracks.Titles());
        var flac = tracks.Metadata().First();
        Assert.Equal("track", flac.GetProperty("type").GetString());
        Assert.Equal(1, flac.GetProperty("index").GetInt32());
        Assert.Equal("Test Album", flac.GetProperty("parentTitle").GetString());
        Assert.Equal("Test Artist", flac.GetProperty("grandparentTitle").GetString());
        Assert.Equal(["flac", "mp3"], tracks.Metadata().Select(t => t.GetProperty("Media")[0].GetProperty("audioCodec").GetString()));
        Assert.All(tracks.Metadata(), t => Assert.False(t.GetProperty("Media")[0].TryGetProperty("videoCodec", out _)));

        var albums = await client.GetContainerAsync("/library/sections/2/all?type=9");
        Assert.Equal(["Test Album"], albums.Titles());
        Assert.Equal(flac.GetProperty("parentRatingKey").GetString(), albums.Metadata().First().GetProperty("ratingKey").GetString());
    }

    [Fact]
    public async Task Listing_honours_container_start_and_size()
    {
        var client = factory.CreatePlexClient();
        await client.WaitForMoviesAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/library/sections/1/all");
        request.Headers.Add("X-Plex-Container-Start", "1");
        request.Headers.Add("X-Plex-Container-Size", "1");
        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3", response.Headers.GetValues("X-Plex-Container-Total-Size").Single());
        Assert.Equal("1", response.Headers.GetValues("X-Plex-Container-Start").Single());
        var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("MediaContainer");
        Assert.Equal(1, body.GetProperty("size").GetInt32());
        Assert.Equal(1, body.GetProperty("offset").GetInt32());
        Assert.Equal(3, body.GetProperty("totalSize").GetInt32());
        Assert.Equal(["Direct Movie"], body.Titles()); // sorted by title: Convert, Direct, Slow
    }

    [Fact]
    public async Task Xml_is_the_default_format()
    {
        var client = factory.CreatePlexClient(json: false);
        using var response = await client.GetAsync("/library/sections/all");

        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("MediaContainer", root.Name.LocalName);
        Assert.Equal("2", root.Attribute("size")?.Value);
        var first = root.Elements("Directory").First();
        Assert.Equal("Movies", first.Attribute("title")?.Value);
        Assert.Equal("1", first.Attribute("allowSync")?.Value);
        Assert.Equal(factory.MoviesPath, first.Element("Location")?.Attribute("path")?.Value);
    }

    [Theory]
    [InlineData("/library/sections/99", HttpStatusCode.NotFound)]
    [InlineData("/library/sections/abc", HttpStatusCode.BadRequest)]
    [InlineData("/library/sections/99/all", HttpStatusCode.NotFound)]
    [InlineData("/library/sections/1/all?type=10", HttpStatusCode.BadRequest)]
    [InlineData("/library/metadata/999999", HttpStatusCode.NotFound)]
    [InlineData("/library/metadata/12x", HttpStatusCode.BadRequest)]
    [InlineData("/library/metadata/-1", HttpStatusCode.BadRequest)]
    public async Task Bad_and_unknown_ids_are_rejected_with_a_reason(string url, HttpStatusCode expected)
    {
        var client = factory.CreatePlexClient();
        using var response = await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(response.Headers.GetValues("X-Plex-Error").Single()));
    }

    [Fact]
    public async Task Section_details_answer_for_a_known_section()
    {
        var container = await factory.CreatePlexClient().GetContainerAsync("/library/sections/1");
        Assert.Equal(1, container.GetProperty("librarySectionID").GetInt32());
        Assert.Equal("Movies", container.GetProperty("title1").GetString());
    }

    [Fact]
    public async Task Routes_are_documented_with_plex_operation_ids()
    {
        using var response = await factory.CreatePlexClient().GetAsync("/openapi/v1.json");
        var document = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        foreach (var operationId in new[] { "getSections", "getLibraryDetails", "listContent", "refreshSection", "getMetadataItem" })
            Assert.Contains($"\"operationId\": \"{operationId}\"", document);
    }

    [Theory]
    [InlineData("/library/sections/all")]
    [InlineData("/library/sections/1/all")]
    [InlineData("/library/metadata/1")]
    public async Task Requests_without_a_token_are_unauthorized(string url)
    {
        using var response = await factory.CreatePlexClient(token: null).GetAsync(url);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
