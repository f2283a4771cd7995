using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PlexQueueServer.Persistence;
using static PlexQueueServer.Tests.Library.TreeLibraryFactory;

namespace PlexQueueServer.Tests.Library;

/// <summary>Shows → seasons → episodes and artists → albums → tracks, read as an element-driven client reads them.</summary>
public class LibraryTreeTests(TreeLibraryFactory factory) : IClassFixture<TreeLibraryFactory>
{
    private async Task<(int Alpha, int Beta, int Artist)> KeysAsync()
    {
        var client = await factory.ScannedClientAsync();
        var shows = await client.GetContainerAsync($"/library/sections/{Shows}/all");
        var artists = await client.GetContainerAsync($"/library/sections/{Music}/all");
        return (shows.Metadata().Single(m => m.Title() == "Alpha Show").RatingKey(),
                shows.Metadata().Single(m => m.Title() == "Beta Show").RatingKey(),
                artists.Metadata().Single(m => m.Title() == "Test Artist").RatingKey());
    }

    [Fact]
    public async Task A_show_lists_its_seasons_and_each_season_its_episodes_with_parent_fields()
    {
        var (alpha, _, _) = await KeysAsync();
        var xml = factory.CreatePlexClient(json: false);

        var show = (await xml.GetXmlAsync($"/library/metadata/{alpha}")).Elements("Directory").Single();
        Assert.Equal(("show", "Alpha Show", $"/library/metadata/{alpha}/children"), (show.Attr("type"), show.Attr("title"), show.Attr("key")));
        Assert.Equal(("2", "3", "0"), (show.Attr("childCount"), show.Attr("leafCount"), show.Attr("viewedLeafCount")));

        var seasons = (await xml.GetXmlAsync($"/library/metadata/{alpha}/children")).Elements("Directory").ToList();
        Assert.Equal(["Season 1", "Season 2"], seasons.Select(s => s.Attr("title")));
        Assert.Equal(["1", "2"], seasons.Select(s => s.Attr("index")));
        Assert.All(seasons, s => Assert.Equal("season", s.Attr("type")));
        Assert.All(seasons, s => Assert.Equal((alpha.ToString(), "Alpha Show"), (s.Attr("parentRatingKey"), s.Attr("parentTitle"))));
        Assert.Equal(["2", "1"], seasons.Select(s => s.Attr("leafCount")));
        Assert.All(seasons, s => Assert.Equal("0", s.Attr("viewedLeafCount")));

        var season1 = seasons[0];
        var container = await xml.GetXmlAsync(season1.Attr("key")!);
        Assert.Equal(("Season 1", "1", "episode"), (container.Attr("title2"), container.Attr("parentIndex"), container.Attr("viewGroup")));
        var episodes = container.Elements("Video").ToList();
        Assert.Equal(["Episode 1", "Second"], episodes.Select(e => e.Attr("title")));
        Assert.Equal(["1", "2"], episodes.Select(e => e.Attr("index")));
        foreach (var episode in episodes)
        {
            Assert.Equal("episode", episode.Attr("type"));
            Assert.Equal((season1.Attr("ratingKey"), "Season 1", "1"), (episode.Attr("parentRatingKey"), episode.Attr("parentTitle"), episode.Attr("parentIndex")));
            Assert.Equal((alpha.ToString(), "Alpha Show"), (episode.Attr("grandparentRatingKey"), episode.Attr("grandparentTitle")));
            Assert.Equal($"/library/metadata/{episode.Attr("ratingKey")}", episode.Attr("key"));
            Assert.NotNull(episode.Element("Media")?.Element("Part"));
        }

        // allLeaves: every episode of the show, season by season.
        var leaves = (await xml.GetXmlAsync($"/library/metadata/{alpha}/allLeaves")).Elements("Video").ToList();
        Assert.Equal([("1", "1"), ("1", "2"), ("2", "1")], leaves.Select(e => (e.Attr("parentIndex"), e.Attr("index"))));
        Assert.Equal(episodes.Select(e => e.Attr("ratingKey")), leaves.Take(2).Select(e => e.Attr("ratingKey")));
    }

    [Fact]
    public async Task Episode_names_give_show_season_number_and_title_wherever_the_file_is()
    {
        var (alpha, beta, _) = await KeysAsync();
        var client = factory.CreatePlexClient();

        var betaEpisode = (await client.GetContainerAsync($"/library/metadata/{beta}/allLeaves")).Metadata().Single();
        Assert.Equal(("Finale", 4, 3), (betaEpisode.Title(), betaEpisode.GetProperty("index").GetInt32(), betaEpisode.GetProperty("parentIndex").GetInt32()));
        Assert.Equal("Beta Show", betaEpisode.GetProperty("grandparentTitle").GetString());

        // 2x01 in a Season 02 folder.
        var alphaLeaves = (await client.GetContainerAsync($"/library/metadata/{alpha}/allLeaves")).Metadata().ToList();
        Assert.Equal((2, 1), (alphaLeaves[2].GetProperty("parentIndex").GetInt32(), alphaLeaves[2].GetProperty("index").GetInt32()));
        Assert.Equal(3, alphaLeaves.Count);
    }

    [Fact]
    public async Task An_artist_lists_its_albums_and_each_album_its_tracks_with_parent_fields()
    {
        var (_, _, artist) = await KeysAsync();
        var xml = factory.CreatePlexClient(json: false);

        var artistElement = (await xml.GetXmlAsync($"/library/metadata/{artist}")).Elements("Directory").Single();
        Assert.Equal(("artist", "2", "3"), (artistElement.Attr("type"), artistElement.Attr("childCount"), artistElement.Attr("leafCount")));

        var albums = (await xml.GetXmlAsync($"/library/metadata/{artist}/children")).Elements("Directory").ToList();
        Assert.Equal(["Second Album", "Test Album"], albums.Select(a => a.Attr("title")));
        Assert.All(albums, a => Assert.Equal(("album", artist.ToString(), "Test Artist"), (a.Attr("type"), a.Attr("parentRatingKey"), a.Attr("parentTitle"))));
        Assert.Equal(["1", "2"], albums.Select(a => a.Attr("leafCount")));
        Assert.Equal("2019", albums[0].Attr("year")); // from its track's date tag "2019-05-03"

        var testAlbum = albums[1];
        var tracks = (await xml.GetXmlAsync($"/library/metadata/{testAlbum.Attr("ratingKey")}/children")).Elements("Track").ToList();
        Assert.Equal(["Flac Song", "Mp3 Song"], tracks.Select(t => t.Attr("title")));
        Assert.Equal(["1", "2"], tracks.Select(t => t.Attr("index")));
        Assert.All(tracks, t => Assert.Equal(("track", testAlbum.Attr("ratingKey"), "Test Album"), (t.Attr("type"), t.Attr("parentRatingKey"), t.Attr("parentTitle"))));
        Assert.All(tracks, t => Assert.Equal((artist.ToString(), "Test Artist"), (t.Attr("grandparentRatingKey"), t.Attr("grandparentTitle"))));

        var all = (await xml.GetXmlAsync($"/library/metadata/{artist}/allLeaves")).Elements("Track").Select(t => t.Attr("title"));
        Assert.Equal(["Third Song", "Flac Song", "Mp3 Song"], all); // album by album, as the children list them
    }

    [Fact]
    public async Task A_rescan_moves_episodes_scanned_before_seasons_under_seasons_keeping_their_rating_keys()
    {
        var (alpha, _, _) = await KeysAsync();
        var client = factory.CreatePlexClient();
        var before = (await client.GetContainerAsync($"/library/metadata/{alpha}/allLeaves")).Metadata().Select(e => e.RatingKey()).ToList();

        // The layout of a library scanned by the previous version: episodes straight under their show, no seasons.
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            var seasons = await db.Metadata.Where(m => m.Type == "season").ToDictionaryAsync(m => m.Id);
            foreach (var episode in await db.Metadata.Where(m => m.Type == "episode").ToListAsync())
                episode.ParentId = seasons[episode.ParentId!.Value].ParentId;
            db.Metadata.RemoveRange(seasons.Values);
            await db.SaveChangesAsync();
        }
        Assert.Equal(0, (await client.GetContainerAsync($"/library/sections/{Shows}/all?type=3")).GetProperty("size").GetInt32());

        await client.PostJsonOrEmptyAsync($"/library/sections/{Shows}/refresh");

        var after = (await client.GetContainerAsync($"/library/metadata/{alpha}/allLeaves")).Metadata().ToList();
        Assert.Equal(before, after.Select(e => e.RatingKey()));
        Assert.Equal([1, 1, 2], after.Select(e => e.GetProperty("parentIndex").GetInt32()));
        Assert.Equal(3, (await client.GetContainerAsync($"/library/sections/{Shows}/all?type=3")).GetProperty("size").GetInt32());
    }
}

internal static class RefreshClient
{
    public static async Task PostJsonOrEmptyAsync(this HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, null);
        Assert.True(response.IsSuccessStatusCode, $"POST {url} → {(int)response.StatusCode}");
    }
}
