using System.Xml.Linq;
using PlexQueueServer.Server;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Resilience;

namespace PlexQueueServer.Tests.Server;

/// <summary>The README's first command: --demo-library with nothing configured gives something to browse on every client path.</summary>
public sealed class DemoLibraryTests : IDisposable
{
    private const string Token = "demo-token-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("plexqueue-demo-").FullName;

    [Fact]
    public async Task The_demo_library_has_movies_to_play_and_convert_a_season_with_a_subtitle_and_an_album_with_cover_art()
    {
        // Made up front (as the server's start would), so the start-up wait below measures the server, not ffmpeg.
        var root = Path.Combine(_folder, "data", "demo-library");
        DemoLibrary.Create(root, "ffmpeg");
        var season = Path.Combine(root, "TV Shows", "Demo Show", "Season 01");
        Assert.True(File.Exists(Path.Combine(season, "Demo Show - S01E01.mp4")));
        Assert.Contains("-->", await File.ReadAllTextAsync(Path.Combine(season, "Demo Show - S01E01.en.srt")));
        var cover = Path.Combine(root, "Music", "Demo Artist", "Demo Album", "cover.jpg");
        using (var probe = TestMedia.Probe(cover))
        {
            var stream = probe.RootElement.GetProperty("streams")[0];
            Assert.Equal(("mjpeg", 600), (stream.GetProperty("codec_name").GetString(), stream.GetProperty("width").GetInt32()));
        }

        using var server = await ServerProcess.StartAsync(_folder, new Dictionary<string, string>
        {
            ["Auth:Users:0:Name"] = "demo", ["Auth:Users:0:Token"] = Token,
        }, DemoLibrary.Flag);
        var xml = server.CreateClient(Token, "demo-client");
        xml.DefaultRequestHeaders.Accept.Clear();

        var sections = await GetXmlAsync(xml, "/library/sections");
        Assert.Equal([("Movies", "movie"), ("Music", "artist"), ("TV Shows", "show")],
            sections.Elements("Directory").Select(d => (d.Attribute("title")!.Value, d.Attribute("type")!.Value)));

        var movies = await WaitForAsync(xml, "/library/sections/1/all", "Video", 2);
        foreach (var (title, decision) in new[] { ("Small Clip", "directplay"), ("Test Pattern", "transcode") })
        {
            var key = movies.Single(m => m.Attribute("title")!.Value == title).Attribute("key")!.Value;
            var document = await GetXmlAsync(xml, $"/video/:/transcode/universal/decision?path={key}");
            Assert.Equal(decision, document.Element("Video")!.Element("Media")!.Element("Part")!.Attribute("decision")!.Value);
        }

        await WaitForAsync(xml, "/library/sections/3/all?type=4", "Video", 2); // a show is listed before its episodes are saved
        var show = (await GetXmlAsync(xml, "/library/sections/3/all")).Elements("Directory").Single();
        var seasons = (await GetXmlAsync(xml, show.Attribute("key")!.Value)).Elements("Directory").ToList();
        Assert.Equal("Season 1", Assert.Single(seasons).Attribute("title")!.Value);
        var episodes = (await GetXmlAsync(xml, seasons[0].Attribute("key")!.Value)).Elements("Video").ToList();
        Assert.Equal(["1", "2"], episodes.Select(e => e.Attribute("index")!.Value));

        await WaitForAsync(xml, "/library/sections/2/all?type=10", "Track", 2);
        var album = (await GetXmlAsync(xml, "/library/sections/2/all?type=9")).Elements("Directory").Single();
        Assert.Equal("Demo Album", album.Attribute("title")!.Value);
        Assert.Equal(2, (await GetXmlAsync(xml, album.Attribute("key")!.Value)).Elements("Track").Count());
    }

    private static async Task<XElement> GetXmlAsync(HttpClient client, string url)
    {
        var body = await client.GetStringAsync(url);
        return XDocument.Parse(body).Root!;
    }

    /// <summary>The start-up scan runs in the background: poll until the listing holds that many items.</summary>
    private static async Task<List<XElement>> WaitForAsync(HttpClient client, string url, string tag, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var items = (await GetXmlAsync(client, url)).Elements(tag).ToList();
            if (items.Count >= count) return items;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{url} listed {items.Count} <{tag}> of {count}");
            await Task.Delay(200);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
