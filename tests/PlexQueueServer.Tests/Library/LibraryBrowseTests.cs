using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;
using static PlexQueueServer.Tests.Library.TreeLibraryFactory;

namespace PlexQueueServer.Tests.Library;

/// <summary>The routes a client written against PMS calls first, in XML (items found by tag) and in JSON.</summary>
public class LibraryBrowseTests(TreeLibraryFactory factory) : IClassFixture<TreeLibraryFactory>
{
    /// <summary>The same listing in both formats: XML items under the expected tags, JSON items in Metadata, same keys in the same order.</summary>
    private async Task<List<XElement>> AssertBothFormatsAsync(string url, params (string Tag, string Type)[] kinds)
    {
        var root = await factory.CreatePlexClient(json: false).GetXmlAsync(url);
        var items = root.Elements().Where(e => e.Attribute("ratingKey") is not null).ToList();
        Assert.NotEmpty(items);
        Assert.All(items, item => Assert.Contains((item.Name.LocalName, item.Attr("type")!), kinds));
        var json = await factory.CreatePlexClient().GetContainerAsync(url);
        Assert.Equal(items.Select(i => i.Attr("ratingKey")), json.Metadata().Select(m => m.GetProperty("ratingKey").GetString()));
        Assert.Equal(items.Count, int.Parse(root.Attr("size")!));
        return items;
    }

    [Fact]
    public async Task Every_listing_names_items_as_PMS_does_in_xml_and_keeps_Metadata_in_json()
    {
        await factory.ScannedClientAsync();
        var client = factory.CreatePlexClient();
        var show = (await client.GetContainerAsync($"/library/sections/{Shows}/all?title=Alpha")).Metadata().Single().RatingKey();
        var artist = (await client.GetContainerAsync($"/library/sections/{Music}/all")).Metadata().Single().RatingKey();
        var movie = (await client.GetContainerAsync($"/library/sections/{Movies}/all")).Metadata().First().RatingKey();
        var track = (await client.GetContainerAsync($"/library/sections/{Music}/all?type=10")).Metadata().First().RatingKey();

        await AssertBothFormatsAsync($"/library/sections/{Movies}/all", ("Video", "movie"));
        await AssertBothFormatsAsync($"/library/sections/{Movies}/all?type=1", ("Video", "movie"));
        await AssertBothFormatsAsync($"/library/sections/{Shows}/all", ("Directory", "show"));
        await AssertBothFormatsAsync($"/library/sections/{Shows}/all?type=2", ("Directory", "show"));
        await AssertBothFormatsAsync($"/library/sections/{Shows}/all?type=3", ("Directory", "season"));
        await AssertBothFormatsAsync($"/library/sections/{Shows}/all?type=4", ("Video", "episode"));
        await AssertBothFormatsAsync($"/library/sections/{Music}/all", ("Directory", "artist"));
        await AssertBothFormatsAsync($"/library/sections/{Music}/all?type=8", ("Directory", "artist"));
        await AssertBothFormatsAsync($"/library/sections/{Music}/all?type=9", ("Directory", "album"));
        await AssertBothFormatsAsync($"/library/sections/{Music}/all?type=10", ("Track", "track"));
        await AssertBothFormatsAsync($"/library/metadata/{movie},{show},{artist},{track}",
            ("Video", "movie"), ("Directory", "show"), ("Directory", "artist"), ("Track", "track"));
        await AssertBothFormatsAsync($"/library/metadata/{show}/children", ("Directory", "season"));
        await AssertBothFormatsAsync($"/library/metadata/{show}/allLeaves", ("Video", "episode"));
        await AssertBothFormatsAsync($"/library/metadata/{artist}/children", ("Directory", "album"));
        await AssertBothFormatsAsync($"/library/metadata/{artist}/allLeaves", ("Track", "track"));
        var recent = await AssertBothFormatsAsync("/library/recentlyAdded", ("Video", "movie"), ("Directory", "season"), ("Directory", "album"));
        Assert.Equal(3 + 3 + 2, recent.Count); // 3 movies, 3 seasons, 2 albums
    }

    [Fact]
    public async Task The_library_root_lists_sections_recently_added_and_on_deck()
    {
        var root = await factory.CreatePlexClient(json: false).GetXmlAsync("/library");
        Assert.Equal(("3", "com.plexapp.plugins.library", "Plex Library"), (root.Attr("size"), root.Attr("identifier"), root.Attr("title1")));
        Assert.Equal(["sections", "recentlyAdded", "onDeck"], root.Elements("Directory").Select(d => d.Attr("key")));
        Assert.Equal("Library Sections", root.Elements("Directory").First().Attr("title"));

        var json = await factory.CreatePlexClient().GetContainerAsync("/library");
        Assert.Equal(["sections", "recentlyAdded", "onDeck"], json.GetProperty("Directory").EnumerateArray().Select(d => d.GetProperty("key").GetString()));

        // Each entry is a route relative to /library.
        var sections = await factory.CreatePlexClient(json: false).GetXmlAsync("/library/sections");
        Assert.Equal(["Movies", "Music", "TV Shows"], sections.Elements("Directory").Select(d => d.Attr("title")));
        Assert.Equal(["movie", "artist", "show"], sections.Elements("Directory").Select(d => d.Attr("type")));
        var all = await factory.CreatePlexClient(json: false).GetXmlAsync("/library/sections/all");
        Assert.Equal(all.ToString(), sections.ToString());
        var onDeck = await factory.CreatePlexClient(json: false).GetXmlAsync("/library/onDeck");
        Assert.Equal("0", onDeck.Attr("size"));
    }

    [Fact]
    public async Task A_section_refreshes_by_get_as_well_as_post()
    {
        var client = factory.CreatePlexClient();
        using var get = await client.GetAsync($"/library/sections/{Movies}/refresh");
        using var post = await client.PostAsync($"/library/sections/{Movies}/refresh", null);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (get.StatusCode, post.StatusCode));
        using var unknown = await client.GetAsync("/library/sections/42/refresh");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Listings_filter_by_title_and_year_sort_and_page()
    {
        var client = await factory.ScannedClientAsync();
        var movies = $"/library/sections/{Movies}/all";

        Assert.Equal(["Slow Movie"], (await client.GetContainerAsync($"{movies}?title=slow")).Titles());
        Assert.Equal(["Convert Movie", "Direct Movie", "Slow Movie"], (await client.GetContainerAsync($"{movies}?title=Movie")).Titles());
        Assert.Empty((await client.GetContainerAsync($"{movies}?title=%25")).Titles()); // % is a character, not a wildcard
        Assert.Equal(["Convert Movie"], (await client.GetContainerAsync($"{movies}?year=2021")).Titles());
        Assert.Equal(["Slow Movie", "Direct Movie", "Convert Movie"], (await client.GetContainerAsync($"{movies}?sort=titleSort:desc")).Titles());
        Assert.Equal(["Direct Movie", "Convert Movie", "Slow Movie"], (await client.GetContainerAsync($"{movies}?sort=year")).Titles());
        Assert.Equal(["Slow Movie", "Convert Movie", "Direct Movie"], (await client.GetContainerAsync($"{movies}?sort=year:desc")).Titles());
        Assert.Equal(["Convert Movie", "Direct Movie", "Slow Movie"], (await client.GetContainerAsync($"{movies}?sort=titleSort")).Titles());
        var newest = (await client.GetContainerAsync($"{movies}?sort=addedAt:desc")).Metadata().Select(m => m.GetProperty("addedAt").GetInt64()).ToList();
        Assert.Equal(newest.OrderDescending(), newest);

        // Paging in the query, as browser clients send it, with a filter and a sort.
        var page = await client.GetContainerAsync($"{movies}?sort=titleSort:desc&title=movie&X-Plex-Container-Start=1&X-Plex-Container-Size=1");
        Assert.Equal(["Direct Movie"], page.Titles());
        Assert.Equal((1, 3), (page.GetProperty("offset").GetInt32(), page.GetProperty("totalSize").GetInt32()));

        var seasons = await client.GetContainerAsync($"/library/sections/{Shows}/all?type=3&title=season 2");
        Assert.Equal(["Season 2"], seasons.Titles());
        Assert.Equal("season", seasons.GetProperty("viewGroup").GetString());
    }

    [Theory]
    [InlineData("/library/sections/1/all?sort=rating")]
    [InlineData("/library/sections/1/all?sort=titleSort:sideways")]
    [InlineData("/library/sections/1/all?year=last")]
    [InlineData("/library/sections/1/all?type=3")]
    [InlineData("/library/sections/3/all?type=10")]
    [InlineData("/library/metadata/abc/children")]
    [InlineData("/library/metadata/0/allLeaves")]
    [InlineData("/library/metadata/1/children?X-Plex-Container-Start=-1")]
    [InlineData("/hubs/search")]
    [InlineData("/hubs/search?query=a&limit=0")]
    [InlineData("/hubs/search?query=a&sectionId=9")]
    public async Task Bad_browse_parameters_are_a_400_with_a_reason(string url)
    {
        using var response = await factory.CreatePlexClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace(response.Headers.GetValues("X-Plex-Error").Single()));
    }

    [Fact]
    public async Task Children_of_an_unknown_item_are_a_404_and_of_a_movie_an_empty_list()
    {
        var client = await factory.ScannedClientAsync();
        using var unknown = await client.GetAsync("/library/metadata/987654/children");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var movie = (await client.GetContainerAsync($"/library/sections/{Movies}/all")).Metadata().First().RatingKey();
        Assert.Equal(0, (await client.GetContainerAsync($"/library/metadata/{movie}/children")).GetProperty("size").GetInt32());
    }

    [Fact]
    public async Task Search_answers_one_hub_per_type_with_the_matching_items()
    {
        await factory.ScannedClientAsync();
        var root = await factory.CreatePlexClient(json: false).GetXmlAsync("/hubs/search?query=song&limit=2");
        var hubs = root.Elements("Hub").ToList();
        Assert.Equal(["movie", "show", "episode", "artist", "album", "track"], hubs.Select(h => h.Attr("type")));
        Assert.Equal(hubs.Select(h => h.Attr("type")), hubs.Select(h => h.Attr("hubIdentifier")));
        var tracks = hubs.Single(h => h.Attr("type") == "track");
        Assert.Equal(("Tracks", "2", "1"), (tracks.Attr("title"), tracks.Attr("size"), tracks.Attr("more"))); // 3 songs, limit 2
        Assert.Equal(["Flac Song", "Mp3 Song"], tracks.Elements("Track").Select(t => t.Attr("title")));
        Assert.Equal("Test Album", tracks.Elements("Track").First().Attr("parentTitle"));
        Assert.All(hubs.Where(h => h.Attr("type") != "track"), h => Assert.Equal("0", h.Attr("size")));

        var shows = await factory.CreatePlexClient().GetContainerAsync("/hubs/search?query=SHOW");
        var byType = shows.GetProperty("Hub").EnumerateArray().ToDictionary(h => h.GetProperty("type").GetString()!);
        Assert.Equal(["Alpha Show", "Beta Show"], byType["show"].Metadata().Select(m => m.Title()));
        Assert.False(byType["show"].GetProperty("more").GetBoolean());
        Assert.False(byType["movie"].TryGetProperty("Metadata", out _));

        var xmlShows = await factory.CreatePlexClient(json: false).GetXmlAsync("/hubs/search?query=second");
        Assert.Equal(["Second"], xmlShows.Elements("Hub").Single(h => h.Attr("type") == "episode").Elements("Video").Select(v => v.Attr("title")));
        Assert.Equal(["Second Album"], xmlShows.Elements("Hub").Single(h => h.Attr("type") == "album").Elements("Directory").Select(v => v.Attr("title")));
        var onlyMovies = await factory.CreatePlexClient().GetContainerAsync($"/hubs/search?query=second&sectionId={Movies}");
        Assert.All(onlyMovies.GetProperty("Hub").EnumerateArray(), h => Assert.Equal(0, h.GetProperty("size").GetInt32()));
    }

    [Fact]
    public async Task A_track_decision_document_is_a_Track_element()
    {
        var client = await factory.ScannedClientAsync();
        var track = (await client.GetContainerAsync($"/library/sections/{Music}/all?type=10&title=flac")).Metadata().Single().RatingKey();
        var root = await factory.CreatePlexClient(json: false).GetXmlAsync($"/music/:/transcode/universal/decision?path=/library/metadata/{track}&directPlay=1");
        var item = Assert.Single(root.Elements("Track"));
        Assert.Equal(("track", "Flac Song"), (item.Attr("type"), item.Attr("title")));
        Assert.NotNull(item.Element("Media")?.Element("Part"));
    }
}
