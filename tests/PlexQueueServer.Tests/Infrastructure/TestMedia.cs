using System.Diagnostics;

namespace PlexQueueServer.Tests.Infrastructure;

/// <summary>Tiny clips made with ffmpeg's lavfi sources once per test run; never committed.</summary>
public static class TestMedia
{
    private static readonly Lazy<string> Folder = new(GenerateAll, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Movie files (relative to the movies section): names follow "Title (Year)".</summary>
    public const string DirectPlayMovie = "Direct Movie (2020).mp4";     // h264/aac in mp4: direct play by default
    public const string ConvertMovie = "Convert Movie (2021).mkv";       // mpeg4/mp3 in mkv: needs conversion
    public const string SlowMovie = "Slow Movie (2022).mkv";             // longer, for cancel/progress tests
    public const string FlacTrack = "Test Artist/Test Album/01 - Flac Song.flac";
    public const string Mp3Track = "Test Artist/Test Album/02 - Mp3 Song.mp3";

    /// <summary>Extra movies, kept out of the shared section (library tests count its items); copy them in where needed.</summary>
    public const string SubtitleMovie = "Subtitle Movie (2023).mkv";     // h264/mp3 + srt subtitle in mkv
    public const string SurroundMovie = "Surround Movie (2024).mkv";     // h264/aac 5.1 in mkv

    private static readonly Lazy<string> ExtraFolder = new(GenerateExtra, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string ExtraMovies => ExtraFolder.Value;

    public static string Movies => Path.Combine(Folder.Value, "movies");
    public static string Music => Path.Combine(Folder.Value, "music");

    private static string GenerateAll()
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-test-media-" + Environment.ProcessId);
        Directory.CreateDirectory(Path.Combine(root, "movies"));
        Directory.CreateDirectory(Path.Combine(root, "music", "Test Artist", "Test Album"));
        var movies = Path.Combine(root, "movies");
        var music = Path.Combine(root, "music");
        Ffmpeg($"-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i sine=frequency=440:duration=2 " +
               $"-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -b:a 64k -shortest -movflags +faststart \"{Path.Combine(movies, DirectPlayMovie)}\"");
        Ffmpeg($"-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -f lavfi -i sine=frequency=550:duration=2 " +
               $"-c:v mpeg4 -q:v 5 -c:a libmp3lame -b:a 64k -shortest \"{Path.Combine(movies, ConvertMovie)}\"");
        Ffmpeg($"-f lavfi -i testsrc2=size=640x480:rate=25:duration=60 -f lavfi -i sine=frequency=660:duration=60 " +
               $"-c:v mpeg4 -q:v 3 -c:a libmp3lame -b:a 64k -shortest \"{Path.Combine(movies, SlowMovie)}\"");
        Ffmpeg($"-f lavfi -i sine=frequency=440:duration=2 -c:a flac -metadata artist=\"Test Artist\" -metadata album=\"Test Album\" " +
               $"-metadata title=\"Flac Song\" -metadata track=1 \"{Path.Combine(music, FlacTrack)}\"");
        Ffmpeg($"-f lavfi -i sine=frequency=880:duration=2 -c:a libmp3lame -b:a 128k -metadata artist=\"Test Artist\" -metadata album=\"Test Album\" " +
               $"-metadata title=\"Mp3 Song\" -metadata track=2 \"{Path.Combine(music, Mp3Track)}\"");
        return root;
    }

    private static string GenerateExtra()
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-test-extra-" + Environment.ProcessId);
        Directory.CreateDirectory(root);
        var srt = Path.Combine(root, "subs.srt");
        File.WriteAllText(srt, "1\n00:00:00,000 --> 00:00:01,500\nHello subtitles\n\n");
        Ffmpeg($"-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i sine=frequency=440:duration=2 -i \"{srt}\" " +
               $"-map 0 -map 1 -map 2 -c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a libmp3lame -b:a 64k -c:s srt " +
               $"-metadata:s:s:0 language=eng -t 2 \"{Path.Combine(root, SubtitleMovie)}\"");
        File.Delete(srt); // the section must hold only the movies
        Ffmpeg($"-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i sine=frequency=330:duration=2 " +
               $"-c:v libx264 -preset ultrafast -pix_fmt yuv420p -c:a aac -ac 6 -b:a 192k -shortest \"{Path.Combine(root, SurroundMovie)}\"");
        return root;
    }

    public static void Ffmpeg(string arguments)
    {
        var info = new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error -y " + arguments)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {arguments} failed: {stderr}");
    }

    /// <summary>ffmpeg with each argument passed as is, for file names no quoting could carry (quotes, ampersands).</summary>
    public static void FfmpegArgs(params string[] arguments)
    {
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])["-hide_banner", "-loglevel", "error", "-y", .. arguments]) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffmpeg {string.Join(' ', arguments)} failed: {stderr}");
    }

    /// <summary>A 1 s h264/aac mp4 clip at the path, whatever characters its name holds.</summary>
    public static void SmallClip(string path, int frequency = 440)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FfmpegArgs("-f", "lavfi", "-i", "testsrc2=size=160x120:rate=25:duration=1", "-f", "lavfi", "-i", $"sine=frequency={frequency}:duration=1",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest", "-movflags", "+faststart", path);
    }

    /// <summary>ffprobe's JSON for a file, for assertions on what a client would play.</summary>
    public static System.Text.Json.JsonDocument Probe(string path)
    {
        var info = new ProcessStartInfo("ffprobe", $"-v error -print_format json -show_format -show_streams \"{path}\"")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var json = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"ffprobe failed on {path}: {process.StandardError.ReadToEnd()}");
        return System.Text.Json.JsonDocument.Parse(json);
    }

    /// <summary>Copies the generated clips into a fresh folder so tests can add or delete files freely.</summary>
    public static void CopyTo(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
