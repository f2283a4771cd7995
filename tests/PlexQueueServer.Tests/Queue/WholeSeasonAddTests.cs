using System.Net;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Library;
using static PlexQueueServer.Tests.Library.TreeLibraryFactory;

namespace PlexQueueServer.Tests.Queue;

/// <summary>"Download the season": a show, season, artist or album key adds one item per episode or track, in order.</summary>
public class WholeSeasonAddTests(TreeLibraryFactory factory) : IClassFixture<TreeLibraryFactory>
{
    /// <summary>An add over XML, as an element-driven client makes it: the AddedQueueItems entries as (key, id).</summary>
    private static async Task<List<(string Key, int Id)>> AddXmlAsync(HttpClient xml, int queueId, string keys)
    {
        using var response = await xml.PostAsync($"/downloadQueue/{queueId}/add?keys={keys}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return XDocument.Parse(body).Root!.Elements("AddedQueueItems")
            .Select(e => (e.Attribute("key")!.Value, int.Parse(e.Attribute("id")!.Value))).ToList();
    }

    [Fact]
    public async Task Adding_a_season_adds_each_episode_in_order_and_a_second_add_dedupes()
    {
        var client = await factory.ScannedClientAsync();
        var xml = factory.CreatePlexClient(clientIdentifier: "season-phone", json: false);
        var queueId = await factory.CreatePlexClient(clientIdentifier: "season-phone").CreateQueueAsync();
        var show = (await client.GetContainerAsync($"/library/sections/{Shows}/all?title=Alpha")).Metadata().Single().RatingKey();
        var seasons = (await client.GetContainerAsync($"/library/metadata/{show}/children")).Metadata().ToList();
        var season1 = seasons[0].RatingKey();
        var episodes = (await client.GetContainerAsync($"/library/metadata/{season1}/children")).Metadata().Select(e => e.RatingKey()).ToList();
        Assert.Equal(2, episodes.Count);

        var added = await AddXmlAsync(xml, queueId, $"/library/metadata/{season1}");
        Assert.Equal(episodes.Select(e => $"/library/metadata/{e}"), added.Select(a => a.Key));
        Assert.True(added[0].Id < added[1].Id, "items are created in episode order");
        var items = (await client.GetJsonAsync($"/downloadQueue/{queueId}/items"))["MediaContainer"]!;
        Assert.Equal(added.Select(a => a.Key), items["DownloadQueueItem"]!.AsArray().Select(i => (string)i!["key"]!));

        // Again, then the whole show: the season's episodes keep their items, season 2's episode is new.
        Assert.Equal(added, await AddXmlAsync(xml, queueId, $"/library/metadata/{season1}"));
        var whole = await AddXmlAsync(xml, queueId, $"/library/metadata/{show}");
        Assert.Equal(3, whole.Count);
        Assert.Equal(added, whole.Take(2));
        Assert.Equal(3, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);

        // An episode is played like any movie: the first one becomes available, named as people name episode files.
        await client.WaitForStatusAsync(queueId, added[0].Id, "available");
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/downloadQueue/{queueId}/item/{added[0].Id}/media"));
        Assert.Equal("Alpha Show - S01E01 - Episode 1.mp4", head.Content.Headers.ContentDisposition?.FileNameStar ?? head.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
    }

    [Fact]
    public async Task Adding_an_album_or_an_artist_adds_their_tracks_in_order_next_to_plain_keys()
    {
        var client = await factory.ScannedClientAsync();
        var json = factory.CreatePlexClient(clientIdentifier: "album-phone");
        var queueId = await json.CreateQueueAsync();
        var artist = (await client.GetContainerAsync($"/library/sections/{Music}/all")).Metadata().Single().RatingKey();
        var albums = (await client.GetContainerAsync($"/library/metadata/{artist}/children")).Metadata().ToList();
        var testAlbum = albums.Single(a => a.Title() == "Test Album").RatingKey();
        var movie = (await client.GetContainerAsync($"/library/sections/{Movies}/all?title=Direct")).Metadata().Single().RatingKey();
        var tracks = (await client.GetContainerAsync($"/library/metadata/{testAlbum}/children")).Metadata().Select(t => t.RatingKey()).ToList();

        var response = await json.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/{movie},/library/metadata/{testAlbum}");
        var added = response["MediaContainer"]!["AddedQueueItems"]!.AsArray().Select(a => (string)a!["key"]!).ToList();
        Assert.Equal([$"/library/metadata/{movie}", .. tracks.Select(t => $"/library/metadata/{t}")], added);
        Assert.Equal(3, (int)response["MediaContainer"]!["size"]!);

        var all = await json.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/{artist}");
        Assert.Equal(3, all["MediaContainer"]!["AddedQueueItems"]!.AsArray().Count); // Third Song, Flac Song, Mp3 Song
        Assert.Equal(4, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }
}

/// <summary>A server that takes at most two keys per add.</summary>
public sealed class TwoKeysFactory : TreeLibraryFactory
{
    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Queue:MaxKeysPerAdd"] = "2";
            return settings;
        }
    }
}

public class WholeShowLimitTests(TwoKeysFactory factory) : IClassFixture<TwoKeysFactory>
{
    [Fact]
    public async Task The_key_limit_counts_episodes_after_expansion_and_nothing_is_added_past_it()
    {
        var client = await factory.ScannedClientAsync();
        var queueId = await client.CreateQueueAsync();
        var show = (await client.GetContainerAsync($"/library/sections/{Shows}/all?title=Alpha")).Metadata().Single().RatingKey();

        using var response = await client.PostAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/{show}", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("At most 2", response.Headers.GetValues("X-Plex-Error").Single());
        Assert.Equal(0, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);

        var season1 = (await client.GetContainerAsync($"/library/metadata/{show}/children")).Metadata().First().RatingKey();
        var added = await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/{season1}");
        Assert.Equal(2, added["MediaContainer"]!["AddedQueueItems"]!.AsArray().Count);
    }
}
