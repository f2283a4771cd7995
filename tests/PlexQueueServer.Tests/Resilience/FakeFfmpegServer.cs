using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// A server process with the Convert Movie section and a fake ffmpeg first in Transcoder:FfmpegPath: a shell script
/// whose <c>rules</c> (sh `case` lines on "$*") run first, then the real ffmpeg. ffprobe stays real. Own process:
/// the ffmpeg folder is process-wide. Disposing stops the server and deletes its folder.
/// </summary>
public sealed class FakeFfmpegServer : IAsyncDisposable
{
    public const string Token = "fake-ffmpeg-token-0123456789";

    private FakeFfmpegServer(string root, ServerProcess server) => (Root, Server) = (root, server);

    /// <summary>The temporary folder holding movies/, bin/ and data/.</summary>
    public string Root { get; }
    public ServerProcess Server { get; }

    public HttpClient CreateClient(string clientIdentifier) => Server.CreateClient(Token, clientIdentifier);

    public static async Task<FakeFfmpegServer> StartAsync(string rules, IDictionary<string, string>? extraSettings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "plexqueue-fake-" + Guid.NewGuid().ToString("N")[..12]);
        var movies = Path.Combine(root, "movies");
        var fakeBin = Path.Combine(root, "bin");
        Directory.CreateDirectory(movies);
        Directory.CreateDirectory(fakeBin);
        File.Copy(Path.Combine(TestMedia.Movies, TestMedia.ConvertMovie), Path.Combine(movies, TestMedia.ConvertMovie));
        var fake = Path.Combine(fakeBin, "ffmpeg");
        await File.WriteAllTextAsync(fake, "#!/bin/sh\n" + rules + "exec \"" + Which("ffmpeg") + "\" \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.CreateSymbolicLink(Path.Combine(fakeBin, "ffprobe"), Which("ffprobe"));
        var settings = new Dictionary<string, string>
        {
            ["Server:DataPath"] = Path.Combine(root, "data"),
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = movies,
            ["Library:Watch"] = "false",
            ["Auth:Users:0:Name"] = "alice",
            ["Auth:Users:0:Token"] = Token,
            ["Transcoder:FfmpegPath"] = fakeBin,
        };
        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string>()) settings[key] = value;
        try
        {
            return new FakeFfmpegServer(root, await ServerProcess.StartAsync(root, settings));
        }
        catch
        {
            DeleteQuietly(root);
            throw;
        }
    }

    public static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{tool} is not on PATH");

    public ValueTask DisposeAsync()
    {
        Server.Dispose();
        DeleteQuietly(Root);
        return ValueTask.CompletedTask;
    }

    private static void DeleteQuietly(string root)
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
