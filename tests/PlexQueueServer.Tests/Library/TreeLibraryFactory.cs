using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Library;

/// <summary>
/// The shared movies and music sections plus a TV section (two shows, three seasons) and a second album with a
/// cover.jpg, laid out as users keep them. Clips are the generated test clips, copied or made with lavfi.
/// </summary>
public class TreeLibraryFactory : PlexServerFactory
{
    public const int Movies = 1, Music = 2, Shows = 3;

    public string ShowsPath => Path.Combine(Root, "media", "tv");

    public TreeLibraryFactory()
    {
        var clip = Path.Combine(TestMedia.Movies, TestMedia.DirectPlayMovie);
        var season1 = Path.Combine(ShowsPath, "Alpha Show", "Season 01");
        var season2 = Path.Combine(ShowsPath, "Alpha Show", "Season 02");
        Directory.CreateDirectory(season1);
        Directory.CreateDirectory(season2);
        // Written out of order: the listing's order comes from the numbers, not the disk.
        File.Copy(clip, Path.Combine(season1, "Alpha Show - S01E02 - Second.mp4"));
        File.Copy(clip, Path.Combine(season1, "Alpha Show - S01E01.mp4"));
        File.WriteAllText(Path.Combine(season1, "Alpha Show - S01E01.en.srt"), "1\n00:00:00,000 --> 00:00:01,000\nHello\n");
        File.Copy(clip, Path.Combine(season2, "Alpha Show 2x01.mp4"));
        // A file at the section root names its show before the marker.
        File.Copy(clip, Path.Combine(ShowsPath, "Beta.Show.S03E04.Finale.720p.mp4"));

        var album = Path.Combine(MusicPath, "Test Artist", "Second Album");
        Directory.CreateDirectory(album);
        TestMedia.Ffmpeg($"-f lavfi -i sine=frequency=300:duration=1 -c:a libmp3lame -b:a 64k -metadata artist=\"Test Artist\" " +
                         $"-metadata album=\"Second Album\" -metadata title=\"Third Song\" -metadata track=1 -metadata date=2019-05-03 \"{Path.Combine(album, "01 - Third Song.mp3")}\"");
        TestMedia.Ffmpeg($"-f lavfi -i testsrc2=size=64x64 -frames:v 1 -f image2 \"{Path.Combine(album, "cover.jpg")}\"");
    }

    protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
    {
        ["Library:Sections:2:Title"] = "TV Shows",
        ["Library:Sections:2:Type"] = "show",
        ["Library:Sections:2:Path"] = ShowsPath,
    };

    /// <summary>Waits for the start-up scan of every section: 3 movies, 4 episodes, 3 tracks.</summary>
    public async Task<HttpClient> ScannedClientAsync(bool json = true)
    {
        var client = CreatePlexClient();
        await client.WaitForAsync($"/library/sections/{Movies}/all", c => c.Metadata().Count() >= 3, seconds: 60);
        await client.WaitForAsync($"/library/sections/{Shows}/all?type=4", c => c.Metadata().Count() >= 4, seconds: 60);
        await client.WaitForAsync($"/library/sections/{Music}/all?type=10", c => c.Metadata().Count() >= 3, seconds: 60);
        return json ? client : CreatePlexClient(json: false);
    }
}

/// <summary>How an element-driven Plex client reads a listing: the root, then items found by their tag.</summary>
internal static class PlexXml
{
    public static async Task<XElement> GetXmlAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url} → {(int)response.StatusCode}: {body}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var root = XDocument.Parse(body).Root!;
        Assert.Equal("MediaContainer", root.Name.LocalName);
        Assert.Empty(root.Descendants("Metadata")); // PMS never writes <Metadata>: clients skip it
        return root;
    }

    public static string? Attr(this XElement element, string name) => element.Attribute(name)?.Value;

    public static int RatingKey(this XElement element) => int.Parse(element.Attr("ratingKey")!);

    public static int RatingKey(this JsonElement element) => int.Parse(element.GetProperty("ratingKey").GetString()!);

    public static string Title(this JsonElement element) => element.GetProperty("title").GetString()!;
}
