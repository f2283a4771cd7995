using System.Net;
using System.Text;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>
/// A library file swapped for a symlink to a file outside the section after the scan (no rescan in between)
/// is neither served nor converted: the real path is checked when the file is opened.
/// </summary>
public class SwappedFileTests(SwappedFileTests.SwapFactory factory) : IClassFixture<SwappedFileTests.SwapFactory>
{
    private const int Movies = 1;
    private static readonly byte[] SecretBytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("TOP-SECRET-", 200)));

    public sealed class SwapFactory : PlexServerFactory
    {
        public const string DirectFile = "Swap Direct (2019).mp4";
        public const string ConvertFile = "Swap Convert (2018).mkv";
        public const string LinkedFile = "Linked Movie (2017).mp4";

        public string SecretFolder => Path.Combine(Root, "secret");
        public string SecretFile => Path.Combine(SecretFolder, "secret.bin");
        public string SecretClip => Path.Combine(SecretFolder, "secret clip.mp4");

        // No watcher: the swap must be caught at the moment of use, not by a rescan.
        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?> { ["Library:Watch"] = "false" };

        public SwapFactory()
        {
            Directory.CreateDirectory(SecretFolder);
            File.WriteAllBytes(SecretFile, SecretBytes);
            TestMedia.SmallClip(SecretClip, frequency: 990);
            File.Copy(Path.Combine(MoviesPath, TestMedia.DirectPlayMovie), Path.Combine(MoviesPath, DirectFile));
            File.Copy(Path.Combine(MoviesPath, TestMedia.ConvertMovie), Path.Combine(MoviesPath, ConvertFile));
            File.CreateSymbolicLink(Path.Combine(MoviesPath, LinkedFile), Path.Combine(MoviesPath, TestMedia.DirectPlayMovie));
        }

        public void SwapForLink(string libraryFile, string target)
        {
            var path = Path.Combine(MoviesPath, libraryFile);
            File.Delete(path);
            File.CreateSymbolicLink(path, target);
        }
    }

    [Fact]
    public async Task A_direct_play_file_swapped_for_a_link_outside_the_section_is_refused_not_served()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "swap-direct");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Swap Direct");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");
        await client.WaitForStatusAsync(queueId, itemId, "available");

        factory.SwapForLink(SwapFactory.DirectFile, factory.SecretFile);
        using var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("TOP-SECRET", Encoding.ASCII.GetString(body));
        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/downloadQueue/{queueId}/item/{itemId}/media"));
        Assert.Equal(HttpStatusCode.Forbidden, head.StatusCode);
    }

    [Fact]
    public async Task A_conversion_started_after_the_swap_ends_in_error_without_reading_the_outside_file()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "swap-convert");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Swap Convert");

        factory.SwapForLink(SwapFactory.ConvertFile, factory.SecretClip);
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1&videoResolution=160x120&audioChannelCount=1");
        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");

        Assert.Equal("error", (string?)item["status"]);
        using var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.NotEqual(HttpStatusCode.OK, media.StatusCode);
    }

    [Fact]
    public async Task A_link_to_a_file_inside_the_section_still_plays()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "swap-linked");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(Movies, "Linked Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");
        await client.WaitForStatusAsync(queueId, itemId, "available");

        using var response = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(factory.MoviesPath, TestMedia.DirectPlayMovie)), await response.Content.ReadAsByteArrayAsync());
    }
}
