using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace PlexQueueServer.Tests.Infrastructure;

/// <summary>
/// The real server in-process over a real SQLite file in its own temporary folder, with a movie and a
/// music section of generated clips and two users. One per test class (IClassFixture).
/// </summary>
public class PlexServerFactory : WebApplicationFactory<Program>
{
    public const string AliceToken = "alice-token-0123456789";
    public const string BobToken = "bob-token-9876543210";

    public string Root { get; } = Path.Combine(Path.GetTempPath(), "plexqueue-test-" + Guid.NewGuid().ToString("N")[..12]);
    public string DataPath => Path.Combine(Root, "data with space");
    public string MoviesPath => Path.Combine(Root, "media", "movies");
    public string MusicPath => Path.Combine(Root, "media", "music");

    /// <summary>Extra settings a test class needs (e.g. a short ItemLifetime).</summary>
    protected virtual IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>();

    /// <summary>Run on a fresh database of the shared test PostgreSQL instead of a SQLite file.</summary>
    public virtual bool UsePostgres => false;

    private string? _postgres;
    /// <summary>This factory's PostgreSQL database (created on first use).</summary>
    public string PostgresConnectionString => _postgres ??= PostgresServer.Shared.CreateDatabase();

    public PlexServerFactory()
    {
        TestMedia.CopyTo(TestMedia.Movies, MoviesPath);
        TestMedia.CopyTo(TestMedia.Music, MusicPath);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Server:DataPath"] = DataPath,
            ["Library:Sections:0:Title"] = "Movies",
            ["Library:Sections:0:Type"] = "movie",
            ["Library:Sections:0:Path"] = MoviesPath,
            ["Library:Sections:1:Title"] = "Music",
            ["Library:Sections:1:Type"] = "artist",
            ["Library:Sections:1:Path"] = MusicPath,
            ["Auth:Users:0:Name"] = "alice",
            ["Auth:Users:0:Token"] = AliceToken,
            ["Auth:Users:1:Name"] = "bob",
            ["Auth:Users:1:Token"] = BobToken,
            ["Transcoder:Preset"] = "ultrafast",
        };
        if (UsePostgres)
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:Postgres"] = PostgresConnectionString;
        }
        foreach (var (key, value) in ExtraSettings) settings[key] = value;
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.UseEnvironment("Testing");
    }

    /// <summary>Where this server's running jobs keep their folders (per instance on PostgreSQL).</summary>
    public string JobsPath => Services.GetRequiredService<PlexQueueServer.Configuration.ResolvedPaths>().TempPath;

    /// <summary>A client as a Plex app makes it: token and client identifier headers, JSON unless asked.</summary>
    public HttpClient CreatePlexClient(string? token = AliceToken, string? clientIdentifier = "test-client", bool json = true)
    {
        var client = CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Add("X-Plex-Token", token);
        if (clientIdentifier is not null) client.DefaultRequestHeaders.Add("X-Plex-Client-Identifier", clientIdentifier);
        if (json) client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
