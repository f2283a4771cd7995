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
    [InlineData("2/12", 2)]
    [InlineData("03", 3)]
    [InlineData("x", null)]
    [InlineData(null, null)]
    public void Track_number_tags(string? tag, int? expected) => Assert.Equal(expected, TitleParser.TrackNumber(tag));
}
