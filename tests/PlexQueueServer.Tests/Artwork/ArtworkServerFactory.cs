using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Artwork;

/// <summary>
/// The shared server plus three sections made for pictures: movies in their own folders (poster.jpg, fanart.jpg,
/// movie.nfo, a hostile .nfo, a poster linked from outside the library), music with an album cover.jpg and an
/// embedded cover, and a show with a poster and tvshow.nfo. Section ids: 3 posters, 4 covers, 5 shows.
/// </summary>
public sealed class ArtworkServerFactory : PlexServerFactory
{
    public string PostersPath => Path.Combine(Root, "media", "posters");
    public string CoversPath => Path.Combine(Root, "media", "covers");
    public string ShowsPath => Path.Combine(Root, "media", "shows");
    public string ThumbsPath => Path.Combine(DataPath, "thumbs");

    public const string PosterMovie = "Poster Movie";
    public const string HostileMovie = "Hostile Movie";
    public const string Plot = "A poster, a fanart and a plot beside the movie.";
    public const string ShowPlot = "A show whose folder holds its poster.";

    public ArtworkServerFactory()
    {
        var poster = Path.Combine(PostersPath, "Poster Movie (2020)");
        var hostile = Path.Combine(PostersPath, "Hostile Movie (2021)");
        var album = Path.Combine(CoversPath, "Cover Artist", "Cover Album");
        var embedded = Path.Combine(CoversPath, "Cover Artist", "Embedded Album");
        var show = Path.Combine(ShowsPath, "Test Show", "Season 01");
        foreach (var folder in new[] { poster, hostile, album, embedded, show }) Directory.CreateDirectory(folder);

        Video(Path.Combine(poster, "Poster Movie (2020).mp4"));
        Picture(Path.Combine(poster, "poster.jpg"), 200, 300);
        Picture(Path.Combine(poster, "fanart.jpg"), 400, 200);
        File.WriteAllText(Path.Combine(poster, "movie.nfo"), $"<movie><title>Poster Movie</title><outline>Short.</outline><plot>{Plot}</plot></movie>");

        Video(Path.Combine(hostile, "Hostile Movie (2021).mp4"));
        // An external entity must never be read, and a poster linked from outside the library never served.
        File.WriteAllText(Path.Combine(hostile, "Hostile Movie (2021).nfo"),
            "<?xml version=\"1.0\"?><!DOCTYPE movie [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><movie><plot>&x;</plot></movie>");
        var outside = Path.Combine(Root, "outside.jpg");
        Picture(outside, 110, 220);
        File.CreateSymbolicLink(Path.Combine(hostile, "poster.jpg"), outside);

        Track(Path.Combine(album, "01 - One.mp3"), "One", "Cover Album", 1);
        Track(Path.Combine(album, "02 - Two.mp3"), "Two", "Cover Album", 2);
        Picture(Path.Combine(album, "cover.jpg"), 300, 300);
        var art = Path.Combine(Root, "embedded.png");
        Picture(art, 250, 250);
        TestMedia.Ffmpeg($"-f lavfi -i sine=frequency=500:duration=1 -i \"{art}\" -map 0 -map 1 -c:a libmp3lame -b:a 64k -c:v mjpeg " +
                         $"-disposition:v attached_pic -id3v2_version 3 -metadata artist=\"Cover Artist\" -metadata album=\"Embedded Album\" " +
                         $"-metadata title=\"Three\" -metadata track=1 \"{Path.Combine(embedded, "01 - Three.mp3")}\"");

        Video(Path.Combine(show, "Test Show - S01E01.mp4"));
        Picture(Path.Combine(ShowsPath, "Test Show", "poster.jpg"), 210, 310);
        File.WriteAllText(Path.Combine(ShowsPath, "Test Show", "tvshow.nfo"), $"<tvshow><title>Test Show</title><plot>{ShowPlot}</plot></tvshow>");
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Library:Sections:2:Title"] = "Posters", ["Library:Sections:2:Type"] = "movie", ["Library:Sections:2:Path"] = PostersPath,
        ["Library:Sections:3:Title"] = "Covers", ["Library:Sections:3:Type"] = "artist", ["Library:Sections:3:Path"] = CoversPath,
        ["Library:Sections:4:Title"] = "Shows", ["Library:Sections:4:Type"] = "show", ["Library:Sections:4:Path"] = ShowsPath,
    };

    private static void Video(string path) =>
        TestMedia.Ffmpeg($"-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p \"{path}\"");

    /// <summary>A solid picture of a known size: which file was served shows in the thumbnail's dimensions.</summary>
    public static void Picture(string path, int width, int height) =>
        TestMedia.Ffmpeg($"-f lavfi -i color=c=red:s={width}x{height} -frames:v 1 -update 1 \"{path}\"");

    private static void Track(string path, string title, string album, int number) =>
        TestMedia.Ffmpeg($"-f lavfi -i sine=frequency=440:duration=1 -c:a libmp3lame -b:a 64k -metadata artist=\"Cover Artist\" " +
                         $"-metadata album=\"{album}\" -metadata title=\"{title}\" -metadata track={number} \"{path}\"");
}
