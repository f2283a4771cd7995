
namespace PlexQueueServer.Server;

/// <summary>
/// --demo-library: makes a small library with ffmpeg's test sources in {DataPath}/demo-library and serves it, so
/// every client path can be tried on a first run with nothing else set up: a movie that plays directly, one that
/// needs conversion, a show with a season of two episodes (and a sidecar subtitle), an album with cover art.
/// </summary>
public static class DemoLibrary
{
    public const string Flag = "--demo-library";

    /// <summary>Each file and the ffmpeg arguments that make it (before the output path).</summary>
    private static readonly (string File, string[] Arguments)[] Clips =
    [
        ("Movies/Test Pattern (2024).mkv", [
            "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=30", "-f", "lavfi", "-i", "sine=frequency=440:duration=30",
            "-c:v", "mpeg4", "-q:v", "4", "-c:a", "libmp3lame", "-b:a", "128k", "-shortest"]),
        ("Movies/Small Clip (2023).mp4", [
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i", "sine=frequency=660:duration=10",
            "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart"]),
        ("Music/Demo Artist/Demo Album/01 - Tone.flac", [
            "-f", "lavfi", "-i", "sine=frequency=523:duration=20", "-c:a", "flac",
            "-metadata", "artist=Demo Artist", "-metadata", "album=Demo Album", "-metadata", "title=Tone", "-metadata", "track=1"]),
        ("Music/Demo Artist/Demo Album/02 - Chord.mp3", [
            "-f", "lavfi", "-i", "sine=frequency=659:duration=15", "-c:a", "libmp3lame", "-b:a", "128k",
            "-metadata", "artist=Demo Artist", "-metadata", "album=Demo Album", "-metadata", "title=Chord", "-metadata", "track=2"]),
        ("Music/Demo Artist/Demo Album/cover.jpg", ["-f", "lavfi", "-i", "mandelbrot=size=600x600", "-frames:v", "1", "-q:v", "3", "-f", "image2"]),
        ("TV Shows/Demo Show/Season 01/Demo Show - S01E01.mp4", EpisodeClip(330)),
        ("TV Shows/Demo Show/Season 01/Demo Show - S01E02.mp4", EpisodeClip(392)),
    ];

    private static string[] EpisodeClip(int frequency) =>
    [
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=8", "-f", "lavfi", "-i", $"sine=frequency={frequency}:duration=8",
        "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
    ];

    /// <summary>A sidecar subtitle beside the first episode, as users keep them.</summary>
    private const string Subtitle = "TV Shows/Demo Show/Season 01/Demo Show - S01E01.en.srt";

    private const string SubtitleText = "1\n00:00:00,500 --> 00:00:03,000\nWelcome to the demo show.\n\n"
        + "2\n00:00:03,500 --> 00:00:07,000\nThis subtitle sits beside the episode.\n";

    public static void AddTo(WebApplicationBuilder builder)
    {
        var root = Path.GetFullPath(Path.Combine(builder.Configuration["Server:DataPath"] ?? "data", "demo-library"));
        Create(root, Path.Combine(builder.Configuration["Transcoder:FfmpegPath"] ?? "", "ffmpeg"));
        // Added only when no sections are configured, so a real library is never shadowed.
        if (builder.Configuration.GetSection("Library:Sections").GetChildren().Any()) return;
        // Music keeps id 2 as before the show section existed: clients that cached it still find it.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = Path.Combine(root, "Movies"),
            ["Library:Sections:1:Title"] = "Music",
            ["Library:Sections:1:Type"] = "artist",
            ["Library:Sections:1:Path"] = Path.Combine(root, "Music"),
            ["Library:Sections:2:Title"] = "TV Shows",
            ["Library:Sections:2:Type"] = "show",
            ["Library:Sections:2:Path"] = Path.Combine(root, "TV Shows"),
        });
    }

    /// <summary>Makes the files that are missing (a run interrupted midway resumes); existing ones are kept.</summary>
    public static void Create(string root, string ffmpeg)
    {
        foreach (var (file, arguments) in Clips)
        {
            var path = Path.Combine(root, file);
            if (File.Exists(path)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".part" + Path.GetExtension(path);
            // Each argument as is: the data folder may hold any character.
            var result = ToolProcess.RunAsync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", .. arguments, temp], TimeSpan.FromMinutes(5), CancellationToken.None)
                .GetAwaiter().GetResult();
            if (result.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make the demo library ({file}): {result.StandardError}");
            File.Move(temp, path);
        }
        var subtitle = Path.Combine(root, Subtitle);
        if (!File.Exists(subtitle)) File.WriteAllText(subtitle, SubtitleText);
    }
}
