using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>Its own fixture: it adds and deletes files, which would disturb the other classes' listings.</summary>
public class LibraryRefreshTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    [Fact]
    public async Task Refresh_picks_up_a_new_file_and_drops_a_deleted_one_keeping_other_ids()
    {
        var client = factory.CreatePlexClient();
        await client.WaitForMoviesAsync();
        var slowKey = await client.RatingKeyOfAsync(1, "Slow Movie");
        var convertKey = await client.RatingKeyOfAsync(1, "Convert Movie");

        File.Copy(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie), Path.Combine(factory.MoviesPath, "New Movie (2023).mp4"));
        File.Delete(Path.Combine(factory.MoviesPath, TestMedia.ConvertMovie));
        using var response = await client.PostAsync("/library/sections/1/refresh", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());

        var container = await client.GetContainerAsync("/library/sections/1/all");
        Assert.Equal(["Direct Movie", "New Movie", "Slow Movie"], container.Titles());
        var newMovie = container.Metadata().First(m => m.GetProperty("title").GetString() == "New Movie");
        Assert.Equal(2023, newMovie.GetProperty("year").GetInt32());
        Assert.True(int.Parse(newMovie.GetProperty("ratingKey").GetString()!) > convertKey); // ids are never reused
        Assert.Equal(slowKey, await client.RatingKeyOfAsync(1, "Slow Movie"));

        using var gone = await client.GetAsync($"/library/metadata/{convertKey}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Forced_refresh_reprobes_and_keeps_the_ids()
    {
        var client = factory.CreatePlexClient();
        var before = await client.WaitForAsync("/library/sections/2/all?type=10", c => c.Metadata().Count() >= 2);

        using var response = await client.PostAsync("/library/sections/2/refresh?force=1", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await client.GetContainerAsync("/library/sections/2/all?type=10");
        Assert.Equal(Keys(before), Keys(after));
        Assert.Equal(Keys(await client.GetContainerAsync("/library/sections/2/all")), [before.Metadata().First().GetProperty("grandparentRatingKey").GetString()]);
    }

    private static List<string?> Keys(System.Text.Json.JsonElement container) =>
        container.Metadata().Select(m => m.GetProperty("ratingKey").GetString()).ToList();

    [Fact]
    public async Task A_missing_section_folder_keeps_its_items()
    {
        var client = factory.CreatePlexClient();
        var before = await client.WaitForAsync("/library/sections/2/all?type=10", c => c.Metadata().Count() >= 2);
        var moved = factory.MusicPath + " (unmounted)";
        Directory.Move(factory.MusicPath, moved);
        try
        {
            using var response = await client.PostAsync("/library/sections/2/refresh", null);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(Keys(before), Keys(await client.GetContainerAsync("/library/sections/2/all?type=10")));
        }
        finally
        {
            Directory.Move(moved, factory.MusicPath);
        }
    }

    [Fact]
    public async Task Refresh_of_an_unknown_section_is_404()
    {
        using var response = await factory.CreatePlexClient().PostAsync("/library/sections/42/refresh", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
