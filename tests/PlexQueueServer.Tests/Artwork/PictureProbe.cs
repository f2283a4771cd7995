using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Artwork;

/// <summary>Downloads a picture as a client would and reads it back with ffprobe: codec and size.</summary>
internal static class PictureProbe
{
    public static async Task<(string Codec, int Width, int Height)> GetPictureAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {url} → {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        var file = Path.Combine(Path.GetTempPath(), "plexqueue-picture-" + Guid.NewGuid().ToString("N") + ".jpg");
        await File.WriteAllBytesAsync(file, bytes);
        try
        {
            using var probe = TestMedia.Probe(file);
            var stream = probe.RootElement.GetProperty("streams")[0];
            return (stream.GetProperty("codec_name").GetString()!, stream.GetProperty("width").GetInt32(), stream.GetProperty("height").GetInt32());
        }
        finally { File.Delete(file); }
    }
}
