using System.Net;
using System.Net.Http.Headers;
using PlexQueueServer.Tests.Browser;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>
/// Downloads over a real socket: a plain GET is sent by the kernel (sendfile) with Kestrel's usual headers and the
/// connection closed after it; a browser's request (Origin), a Range request and HEAD keep Kestrel's own answers.
/// </summary>
public sealed class SendFileDownloadTests(SendFileDownloadTests.LargeFileServer server) : IClassFixture<SendFileDownloadTests.LargeFileServer>
{
    /// <summary>On a real socket, with a ~60 MB movie: larger than the socket buffers, so the kernel sends it in many steps.</summary>
    public sealed class LargeFileServer : PlexServerFactory
    {
        public const string LargeMovie = "Large Movie (2019).mp4";

        public LargeFileServer()
        {
            var clip = Path.Combine(Root, "clip.mp4");
            TestMedia.FfmpegArgs("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=4", "-f", "lavfi", "-i", "sine=duration=4",
                "-c:v", "libx264", "-preset", "ultrafast", "-qp", "0", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", clip);
            TestMedia.FfmpegArgs("-stream_loop", "24", "-i", clip, "-c", "copy", "-movflags", "+faststart", Path.Combine(MoviesPath, LargeMovie));
            File.Delete(clip);
            Port = KestrelServerFactory.FreePort();
            UseKestrel(Port);
            StartServer();
        }

        public int Port { get; }

        public string BaseUrl => $"http://127.0.0.1:{Port}";
    }

    private HttpClient Client(string device)
    {
        var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Plex-Token", PlexServerFactory.AliceToken);
        client.DefaultRequestHeaders.Add("X-Plex-Client-Identifier", device);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private async Task<(HttpClient Client, string MediaUrl)> AvailableDirectPlayAsync(string device, string title = "Direct Movie")
    {
        var client = Client(device);
        var queue = await client.CreateQueueAsync();
        var item = await client.AddAsync(queue, await client.FindRatingKeyAsync(1, title));
        await client.WaitForStatusAsync(queue, item, "available");
        return (client, $"/downloadQueue/{queue}/item/{item}/media");
    }

    private byte[] Original => File.ReadAllBytes(Path.Combine(server.MoviesPath, TestMedia.DirectPlayMovie));

    private byte[] Large => File.ReadAllBytes(Path.Combine(server.MoviesPath, LargeFileServer.LargeMovie));

    [Fact]
    public async Task A_plain_download_is_the_file_byte_for_byte_with_its_headers_and_ends_the_connection()
    {
        var (client, url) = await AvailableDirectPlayAsync("sendfile-plain");

        using var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Original, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(Original.Length, response.Content.Headers.ContentLength);
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Direct Movie (2020).mp4", response.Content.Headers.ContentDisposition?.ToString());
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal("bytes", Assert.Single(response.Headers.AcceptRanges));
        Assert.Equal("1.0", Assert.Single(response.Headers.GetValues("X-Plex-Protocol")));
        Assert.True(response.Headers.ConnectionClose, "the kernel-sent answer closes its connection");

        // The same client goes on: its next requests take a new connection, and a second download is whole again.
        using var again = await client.GetAsync(url);
        Assert.Equal(Original, await again.Content.ReadAsByteArrayAsync());
        Assert.True(await client.CreateQueueAsync() > 0);
    }

    [Fact]
    public async Task A_download_larger_than_the_socket_buffers_arrives_whole_even_when_read_slowly()
    {
        var (client, url) = await AvailableDirectPlayAsync("sendfile-large", "Large Movie");
        var expected = Large;
        Assert.True(expected.Length > 40_000_000, $"the large movie is {expected.Length} bytes");
        using (var fast = await client.GetAsync(url)) Assert.Equal(expected, await fast.Content.ReadAsByteArrayAsync());

        // A reader that pauses: the server must not end the connection while the client still has bytes to take.
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var received = new MemoryStream();
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
            if (received.Length < 8_000_000) await Task.Delay(100); // the first megabytes slowly: the kernel's buffers fill up
        }
        Assert.Equal(expected.Length, received.Length);
        Assert.True(expected.AsSpan().SequenceEqual(received.ToArray()), "the slowly read download differs from the file");
    }

    [Fact]
    public async Task A_browser_download_keeps_its_cors_headers_and_its_connection()
    {
        var (client, url) = await AvailableDirectPlayAsync("sendfile-browser");
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Origin", "http://app.example");

        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Original, await response.Content.ReadAsByteArrayAsync());
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.NotEqual(true, response.Headers.ConnectionClose);
    }

    [Fact]
    public async Task Range_and_head_requests_answer_as_before()
    {
        var (client, url) = await AvailableDirectPlayAsync("sendfile-range");
        using var range = new HttpRequestMessage(HttpMethod.Get, url);
        range.Headers.Range = new RangeHeaderValue(100, 199);
        using var partial = await client.SendAsync(range);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(Original[100..200], await partial.Content.ReadAsByteArrayAsync());

        using var head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(Original.Length, head.Content.Headers.ContentLength);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_download_leaves_the_server_serving_others()
    {
        var (client, url) = await AvailableDirectPlayAsync("sendfile-hangup", "Large Movie");
        var expected = Large;
        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var some = new byte[100_000];
            await body.ReadAtLeastAsync(some, some.Length);
            Assert.Equal(expected[..100_000], some); // then dispose: the connection ends under the kernel's send
        }
        using var whole = await client.GetAsync(url);
        Assert.Equal(expected, await whole.Content.ReadAsByteArrayAsync());
    }
}
