using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Library;

namespace PlexQueueServer.Tests.Artwork;

/// <summary>Thumbnails and art as a Plex client shows them: the URLs items carry, the JPEGs behind them, the photo transcoder.</summary>
public class ArtworkTests(ArtworkServerFactory factory) : IClassFixture<ArtworkServerFactory>
{
    /// <summary>Item elements as PMS names them in XML (and Metadata as this server wrote before).</summary>
    private static readonly HashSet<string> ItemElements = ["Video", "Directory", "Track", "Photo", "Metadata"];

    private async Task<string> ThumbOfAsync(int sectionId, string title, string? type = null, string attribute = "thumb")
    {
        var client = factory.CreatePlexClient();
        var key = await client.RatingKeyOfAsync(sectionId, title, type);
        var item = (await client.GetContainerAsync($"/library/metadata/{key}")).Metadata().Single();
        return item.GetProperty(attribute).GetString()!;
    }

    [Fact]
    public async Task Every_item_in_xml_carries_thumb_art_guid_and_added_at()
    {
        await factory.CreatePlexClient().RatingKeyOfAsync(3, ArtworkServerFactory.HostileMovie);
        var body = await factory.CreatePlexClient(json: false).GetStringAsync("/library/sections/3/all");
        var items = XDocument.Parse(body).Descendants().Where(e => ItemElements.Contains(e.Name.LocalName) && e.Attribute("ratingKey") is not null).ToList();
        Assert.Equal(2, items.Count);
        foreach (var item in items)
        {
            var key = item.Attribute("ratingKey")!.Value;
            Assert.Matches($"^/library/metadata/{key}/thumb/[0-9]+$", item.Attribute("thumb")?.Value);
            Assert.Matches($"^/library/metadata/{key}/art/[0-9]+$", item.Attribute("art")?.Value);
            Assert.Equal($"local://{key}", item.Attribute("guid")?.Value);
            Assert.True(long.Parse(item.Attribute("addedAt")!.Value) > 1_700_000_000);
        }
    }

    [Fact]
    public async Task A_poster_beside_a_movie_is_its_thumb_and_fanart_its_art()
    {
        var client = factory.CreatePlexClient();
        Assert.Equal(("mjpeg", 200, 300), await client.GetPictureAsync(await ThumbOfAsync(3, ArtworkServerFactory.PosterMovie)));
        Assert.Equal(("mjpeg", 400, 200), await client.GetPictureAsync(await ThumbOfAsync(3, ArtworkServerFactory.PosterMovie, attribute: "art")));
    }

    [Fact]
    public async Task A_movie_without_pictures_gets_a_frame_of_its_video()
    {
        var thumb = await ThumbOfAsync(1, "Direct Movie");
        Assert.Equal(("mjpeg", 160, 120), await factory.CreatePlexClient().GetPictureAsync(thumb));
    }

    [Fact]
    public async Task A_poster_linked_from_outside_the_library_is_not_served()
    {
        var thumb = await ThumbOfAsync(3, ArtworkServerFactory.HostileMovie);
        Assert.Equal(("mjpeg", 320, 240), await factory.CreatePlexClient().GetPictureAsync(thumb)); // the frame, not the 110x220 outside picture
    }

    [Fact]
    public async Task An_album_folders_cover_is_served_for_the_album_and_its_tracks()
    {
        var client = factory.CreatePlexClient();
        Assert.Equal(("mjpeg", 300, 300), await client.GetPictureAsync(await ThumbOfAsync(4, "Cover Album", "9")));
        Assert.Equal(("mjpeg", 300, 300), await client.GetPictureAsync(await ThumbOfAsync(4, "One", "10")));
        Assert.Equal(("mjpeg", 300, 300), await client.GetPictureAsync(await ThumbOfAsync(4, "Two", "10", attribute: "parentThumb")));
    }

    [Fact]
    public async Task An_embedded_cover_is_served_for_its_track_and_album()
    {
        var client = factory.CreatePlexClient();
        Assert.Equal(("mjpeg", 250, 250), await client.GetPictureAsync(await ThumbOfAsync(4, "Three", "10")));
        Assert.Equal(("mjpeg", 250, 250), await client.GetPictureAsync(await ThumbOfAsync(4, "Embedded Album", "9")));
    }

    [Fact]
    public async Task A_show_folders_poster_is_its_thumb_and_tvshow_nfo_its_summary()
    {
        var client = factory.CreatePlexClient();
        var key = await client.RatingKeyOfAsync(5, "Test Show", "2");
        var show = (await client.GetContainerAsync("/library/sections/5/all?type=2")).Metadata()
            .Single(m => m.GetProperty("ratingKey").GetString() == key.ToString());
        Assert.Equal(ArtworkServerFactory.ShowPlot, show.GetProperty("summary").GetString());
        Assert.Equal(("mjpeg", 210, 310), await client.GetPictureAsync(show.GetProperty("thumb").GetString()!));
    }

    [Fact]
    public async Task The_movie_nfo_plot_is_the_summary_and_a_hostile_nfo_is_ignored()
    {
        var client = factory.CreatePlexClient();
        var poster = await client.RatingKeyOfAsync(3, ArtworkServerFactory.PosterMovie);
        var hostile = await client.RatingKeyOfAsync(3, ArtworkServerFactory.HostileMovie);
        var items = (await client.GetContainerAsync($"/library/metadata/{poster},{hostile}")).Metadata().ToList();
        Assert.Equal(ArtworkServerFactory.Plot, items[0].GetProperty("summary").GetString());
        Assert.False(items[1].TryGetProperty("summary", out _), "an .nfo with an external entity gave a summary");
    }

    [Fact]
    public async Task A_track_with_no_picture_answers_404_with_the_reason()
    {
        using var response = await factory.CreatePlexClient().GetAsync(await ThumbOfAsync(2, "Flac Song", "10"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("no picture", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_photo_transcoder_fits_our_pictures_to_the_requested_size()
    {
        var client = factory.CreatePlexClient();
        var poster = await ThumbOfAsync(3, ArtworkServerFactory.PosterMovie); // 200x300
        var frame = await ThumbOfAsync(1, "Direct Movie");                    // 160x120
        // Clients pass the picture's URL with the token in it, encoded; the token in the outer query authorizes.
        string Url(string picture, string size) =>
            $"/photo/:/transcode?url={Uri.EscapeDataString(picture + "?X-Plex-Token=" + PlexServerFactory.AliceToken)}&{size}";
        Assert.Equal(("mjpeg", 100, 150), await client.GetPictureAsync(Url(poster, "width=100&height=150")));
        Assert.Equal(("mjpeg", 50, 75), await client.GetPictureAsync(Url(poster, "width=100&height=75")));
        Assert.Equal(("mjpeg", 100, 150), await client.GetPictureAsync(Url(poster, "width=100&height=100&minSize=1")));
        Assert.Equal(("mjpeg", 160, 120), await client.GetPictureAsync(Url(frame, "width=320&height=240")));
        Assert.Equal(("mjpeg", 320, 240), await client.GetPictureAsync(Url(frame, "width=320&height=240&upscale=1")));
        Assert.Equal(("mjpeg", 80, 60), await client.GetPictureAsync(Url("http://localhost" + frame, "width=80&height=80")));
    }

    [Theory]
    [InlineData("http://evil.example/library/metadata/1/thumb/1")]
    [InlineData("//evil.example/library/metadata/1/thumb/1")]
    [InlineData("file:///etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("/library/metadata/1/thumb/../../../../etc/passwd")]
    [InlineData("/library/parts/1/file.mp4")]
    [InlineData("")]
    public async Task The_photo_transcoder_refuses_urls_that_are_not_our_pictures(string url)
    {
        using var response = await factory.CreatePlexClient().GetAsync($"/photo/:/transcode?url={Uri.EscapeDataString(url)}&width=100&height=100");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("url must be one of this server", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("width=0&height=100")]
    [InlineData("width=abc&height=100")]
    [InlineData("width=100&height=100000")]
    public async Task The_photo_transcoder_refuses_sizes_it_cannot_make(string size)
    {
        using var response = await factory.CreatePlexClient().GetAsync($"/photo/:/transcode?url=%2Flibrary%2Fmetadata%2F1%2Fthumb%2F1&{size}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Concurrent_requests_for_a_thumb_and_art_share_one_grab_and_one_cached_file()
    {
        var client = factory.CreatePlexClient();
        var key = await client.RatingKeyOfAsync(1, "Convert Movie");
        var art = await ThumbOfAsync(1, "Convert Movie", attribute: "art");
        var thumb = await ThumbOfAsync(1, "Convert Movie");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.GetByteArrayAsync(i % 2 == 0 ? art : thumb)));
        Assert.All(answers, bytes => Assert.Equal(answers[0], bytes));
        var cached = Directory.GetFiles(factory.ThumbsPath, $"{key}-*.jpg");
        Assert.True(cached.Length == 1, "cached: " + string.Join(", ", cached.Select(Path.GetFileName)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(factory.ThumbsPath, "tmp")));
    }

    [Fact]
    public async Task Pictures_are_cacheable_by_clients_and_unknown_items_answer_404()
    {
        var client = factory.CreatePlexClient();
        using var picture = await client.GetAsync(await ThumbOfAsync(3, ArtworkServerFactory.PosterMovie));
        Assert.Contains("max-age", picture.Headers.CacheControl?.ToString());
        using var missing = await client.GetAsync("/library/metadata/999999/thumb/1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Matches(new Regex("No library item with rating key 999999"), await missing.Content.ReadAsStringAsync());
        using var anonymous = await factory.CreatePlexClient(token: null).GetAsync(await ThumbOfAsync(3, ArtworkServerFactory.PosterMovie));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
