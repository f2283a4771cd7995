using PlexQueueServer.Library;

namespace PlexQueueServer.Tests.Library;

public class TitleParserTests
{
    [Theory]
    [InlineData("/m/Convert Movie (2021).mkv", "Convert Movie", 2021)]
    [InlineData("/m/Direct Movie (2020).mp4", "Direct Movie", 2020)]
    [InlineData("/m/The.Matrix.1999.1080p.mkv", "The Matrix", 1999)]
    [InlineData("/m/Alien [1979].avi", "Alien", 1979)]
    [InlineData("/m/Heat (1995)/movie.mkv", "Heat", 1995)]
    [InlineData("/m/Heat (1995)/Heat.mkv", "Heat", 1995)]
    [InlineData("/m/Plain Name.mp4", "Plain Name", null)]
    [InlineData("/m/2001 (1968).mkv", "2001", 1968)]
    public void Movie_title_and_year(string path, string title, int? year) =>
        Assert.Equal((title, year), TitleParser.Movie(path));

    [Theory]
    [InlineData("01 - Flac Song.flac", "Flac Song", 1)]
    [InlineData("12. Last One.mp3", "Last One", 12)]
    [InlineData("No Number.mp3", "No Number", null)]
    public void Track_title_and_number_from_the_file_name(string file, string title, int? number) =>
        Assert.Equal((title, number), TitleParser.Track(file));

    [Theory]
    [InlineData("Show S01E02.mkv", 1, 2)]
    [InlineData("show.s10e123.name.mp4", 10, 123)]
    public void Episode_numbers(string file, int season, int episode) => Assert.Equal((season, episode), TitleParser.Episode(file));

    [Fact]
    public void Episode_without_numbers_is_null() => Assert.Null(TitleParser.Episode("Pilot.mkv"));

    [Theory]
    [InlineData("/tv/Show/Season 01/Show - S01E02.mkv", "Show", 1, 2, null)]
    [InlineData("/tv/Show - S01E02 - Pilot.mkv", "Show", 1, 2, "Pilot")]
    [InlineData("/tv/Show 1x02 The Name.mkv", "Show", 1, 2, "The Name")]
    [InlineData("/tv/The.Show.s02e10.Finale.1080p.WEB-DL.mkv", "The Show", 2, 10, "Finale")]
    [InlineData("/tv/S03E04.mkv", null, 3, 4, null)]
    [InlineData("/tv/Show 1920x1080.mkv", null, null, null, "Show 1920x1080")]
    public void Episode_names(string path, string? show, int? season, int? episode, string? title) =>
        Assert.Equal((show, season, episode, title), TitleParser.EpisodeName(path));

    [Theory]
    [InlineData("Season 01", 1)]
    [InlineData("season 2", 2)]
    [InlineData("Series 3", 3)]
    [InlineData("S04", 4)]
    [InlineData("Specials", 0)]
    [InlineData("Extras", null)]
    public void Season_folders(string folder, int? season) => Assert.Equal(season, TitleParser.SeasonNumber(folder));

    [Theory]
    [InlineData(new[] { "Show", "Season 02", "Show - E05.mkv" }, "Show", 2, null, "Show - E05")]
    [InlineData(new[] { "Show", "Season 02", "Show 3x05.mkv" }, "Show", 3, 5, "Episode 5")]
    [InlineData(new[] { "Show", "Show S01E01 - Pilot.mkv" }, "Show", 1, 1, "Pilot")]
    [InlineData(new[] { "Other.Show.S01E01.mkv" }, "Other Show", 1, 1, "Episode 1")]
    public void Episode_places_from_folders_and_names(string[] relative, string show, int season, int? episode, string title) =>
        Assert.Equal((show, season, episode, title), LibraryTree.Episode(relative, "/tv/" + string.Join('/', relative)));

    [Theory]
    [InlineData("2/12", 2)]
    [InlineData("03", 3)]
    [InlineData("x", null)]
    [InlineData(null, null)]
    public void Track_number_tags(string? tag, int? expected) => Assert.Equal(expected, TitleParser.TrackNumber(tag));
}
