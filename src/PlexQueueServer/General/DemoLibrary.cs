namespace PlexQueueServer.General;

/// <summary>
/// --demo-library: makes a small library of clips with ffmpeg's test sources in {DataPath}/demo-library
/// and serves it, so the whole flow can be tried on a first run with nothing else set up.
/// </summary>
public static class DemoLibrary
{
    public const string Flag = "--demo-library";

    private static readonly (string File, string[] Arguments)[] Clips =
    [
        ("Movies/Test Pattern (2024).mkv",
            ["-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=25:duration=30", "-f", "lavfi", "-i", "sine=frequency=440:duration=30",
             "-c:v", "mpeg4", "-q:v", "4", "-c:a", "libmp3lame", "-b:a", "128k", "-shortest"]),
        ("Movies/Small Clip (2023).mp4",
            ["-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=10", "-f", "lavfi", "-i", "sine=frequency=660:duration=10",
             "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", "-movflags", "+faststart"]),
        ("Music/Demo Artist/Demo Album/01 - Tone.flac",
            ["-f", "lavfi", "-i", "sine=frequency=523:duration=20", "-c:a", "flac",
             "-metadata", "artist=Demo Artist", "-metadata", "album=Demo Album", "-metadata", "title=Tone", "-metadata", "track=1"]),
    ];

    public static void AddTo(WebApplicationBuilder builder)
    {
        var root = Path.GetFullPath(Path.Combine(builder.Configuration["Server:DataPath"] ?? "data", "demo-library"));
        var ffmpeg = Path.Combine(builder.Configuration["Transcoder:FfmpegPath"] ?? "", "ffmpeg");
        foreach (var (file, arguments) in Clips)
        {
            var path = Path.Combine(root, file);
            if (File.Exists(path)) continue;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temp = path + ".part" + Path.GetExtension(path);
            // Each argument as is: the data folder may hold any character.
            var result = ToolProcess.RunAsync(ffmpeg, ["-hide_banner", "-loglevel", "error", "-y", .. arguments, temp], TimeSpan.FromMinutes(5), CancellationToken.None)
                .GetAwaiter().GetResult();
            if (result.ExitCode != 0) throw new InvalidOperationException($"ffmpeg could not make the demo library: {result.StandardError}");
            File.Move(temp, path);
        }
        // Added only when no sections are configured, so a real library is never shadowed.
        if (builder.Configuration.GetSection("Library:Sections").GetChildren().Any()) return;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = Path.Combine(root, "Movies"),
            ["Library:Sections:1:Title"] = "Music",
            ["Library:Sections:1:Type"] = "artist",
            ["Library:Sections:1:Path"] = Path.Combine(root, "Music"),
        });
    }
}
