using Microsoft.Extensions.DependencyInjection;
using PlexQueueServer.Library;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>Adds a show section, a link leading outside the movies folder and an unreadable file.</summary>
public sealed class ShowLibraryFactory : PlexServerFactory
{
    public string ShowsPath => Path.Combine(Root, "media", "shows");
    public string OutsidePath => Path.Combine(Root, "outside");

    public ShowLibraryFactory()
    {
        var clip = Path.Combine(TestMedia.Movies, TestMedia.DirectPlayMovie);
        Directory.CreateDirectory(Path.Combine(ShowsPath, "Test Show", "Season 1"));
        File.Copy(clip, Path.Combine(ShowsPath, "Test Show", "Season 1", "Test Show S01E02.mp4"));
        File.Copy(clip, Path.Combine(ShowsPath, "Test Show", "Season 1", "Test Show S01E01.mp4"));
        Directory.CreateDirectory(OutsidePath);
        File.Copy(clip, Path.Combine(OutsidePath, "Secret (2019).mp4"));
        File.CreateSymbolicLink(Path.Combine(MoviesPath, "Secret (2019).mp4"), Path.Combine(OutsidePath, "Secret (2019).mp4"));
        Directory.CreateSymbolicLink(Path.Combine(MoviesPath, "linked folder"), OutsidePath);
        File.WriteAllText(Path.Combine(MoviesPath, "Broken (2018).mkv"), "not a video");
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Library:Sections:2:Title"] = "Shows",
        ["Library:Sections:2:Type"] = "show",
        ["Library:Sections:2:Path"] = ShowsPath,
    };
}

public class LibraryScanTests(ShowLibraryFactory factory) : IClassFixture<ShowLibraryFactory>
{
    [Fact]
    public async Task Links_outside_the_section_and_unreadable_files_are_skipped()
    {
        var client = factory.CreatePlexClient();
        var movies = await client.WaitForMoviesAsync();
        // Music is scanned after movies: once it is listed, the movie scan has finished.
        await client.WaitForAsync("/library/sections/2/all", c => c.Titles().Contains("Test Artist"));
        movies = await client.GetContainerAsync("/library/sections/1/all");

        Assert.Equal(["Convert Movie", "Direct Movie", "Slow Movie"], movies.Titles());
    }

    [Fact]
    public async Task Show_section_lists_shows_seasons_and_numbered_episodes()
    {
        var client = factory.CreatePlexClient();
        // A show row is written before its episodes: wait for both.
        var shows = await client.WaitForAsync("/library/sections/3/all", c => c.Metadata().Any(m =>
            m.GetProperty("title").GetString() == "Test Show" && m.TryGetProperty("leafCount", out var n) && n.GetInt32() >= 2));
        var show = shows.Metadata().Single(m => m.GetProperty("title").GetString() == "Test Show");
        Assert.Equal("show", show.GetProperty("type").GetString());
        Assert.Equal(1, show.GetProperty("childCount").GetInt32()); // one season
        Assert.Equal(2, show.GetProperty("leafCount").GetInt32());

        // The watcher test adds another show; only this show's episodes are asserted.
        var episodes = (await client.GetContainerAsync("/library/sections/3/all?type=4")).Metadata()
            .Where(e => e.GetProperty("grandparentTitle").GetString() == "Test Show").ToList();
        Assert.Equal([1, 2], episodes.Select(e => e.GetProperty("index").GetInt32()));
        Assert.All(episodes, e => Assert.Equal("episode", e.GetProperty("type").GetString()));
        Assert.All(episodes, e => Assert.Equal("Season 1", e.GetProperty("parentTitle").GetString()));
        Assert.All(episodes, e => Assert.Equal(1, e.GetProperty("parentIndex").GetInt32()));
        Assert.All(episodes, e => Assert.Equal(show.GetProperty("ratingKey").GetString(), e.GetProperty("grandparentRatingKey").GetString()));
    }

    [Fact]
    public async Task Catalog_finds_playable_items_only()
    {
        var client = factory.CreatePlexClient();
        var movieKey = await client.RatingKeyOfAsync(1, "Convert Movie");
        var artistKey = await client.RatingKeyOfAsync(2, "Test Artist");
        var trackKey = await client.RatingKeyOfAsync(2, "Flac Song", type: "10");
        var catalog = factory.Services.GetRequiredService<LibraryCatalog>();

        var movie = await catalog.FindPlayableAsync(movieKey, CancellationToken.None);
        Assert.NotNull(movie);
        Assert.Equal("Convert Movie", movie.Value.Item.Title);
        Assert.Equal("mkv", movie.Value.Facts.Container);
        Assert.Equal("mpeg4", movie.Value.Facts.Video?.Codec);

        var track = await catalog.FindPlayableAsync(trackKey, CancellationToken.None);
        Assert.True(track?.Facts.IsMusic);
        Assert.Null(await catalog.FindPlayableAsync(artistKey, CancellationToken.None));
        Assert.Null(await catalog.FindPlayableAsync(987654, CancellationToken.None));
    }

    [Fact]
    public async Task A_file_added_to_a_watched_section_appears_without_a_refresh()
    {
        var client = factory.CreatePlexClient();
        await client.WaitForAsync("/library/sections/3/all", c => c.Titles().Contains("Test Show"));
        var folder = Path.Combine(factory.ShowsPath, "Other Show");
        Directory.CreateDirectory(folder);

        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.DirectPlayMovie), Path.Combine(folder, "Other Show S02E05.mp4"));

        var shows = await client.WaitForAsync("/library/sections/3/all", c => c.Titles().Contains("Other Show"), seconds: 20);
        Assert.Equal(["Other Show", "Test Show"], shows.Titles());
        var episodes = await client.GetContainerAsync("/library/sections/3/all?type=4");
        var added = episodes.Metadata().Single(e => e.GetProperty("grandparentTitle").GetString() == "Other Show");
        Assert.Equal(5, added.GetProperty("index").GetInt32());
        Assert.Equal(2, added.GetProperty("parentIndex").GetInt32()); // season 2, from S02E05
    }
}
