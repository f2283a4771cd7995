using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>A movies section that also holds a clip cut to half its bytes after it was written (its header keeps the full duration).</summary>
public sealed class TruncatedSourceServerFactory : PlexServerFactory
{
    public const string TruncatedMovie = "Truncated Movie (2019).mkv";

    public TruncatedSourceServerFactory()
    {
        var file = Path.Combine(MoviesPath, TruncatedMovie);
        TestMedia.Ffmpeg($"-f lavfi -i testsrc2=size=320x240:rate=25:duration=4 -f lavfi -i sine=frequency=500:duration=4 " +
                         $"-c:v mpeg4 -q:v 5 -c:a libmp3lame -b:a 64k -shortest \"{file}\"");
        using var stream = new FileStream(file, FileMode.Open);
        stream.SetLength(stream.Length / 2);
    }
}

public class TruncatedSourceTests(TruncatedSourceServerFactory factory) : IClassFixture<TruncatedSourceServerFactory>
{
    [Fact]
    public async Task A_truncated_source_ends_in_transcode_error_naming_the_short_output_not_available()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "truncated");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Truncated Movie"));

        var item = await client.WaitForStatusAsync(queueId, itemId, "available", "error");
        Assert.Equal(("error", "transcodeError"), ((string)item["status"]!, (string?)item["error"]));
        var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
        Assert.Matches(@"output is [0-9.]+ s of 4\.0 s", await media.Content.ReadAsStringAsync());
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(factory.DataPath, "cache"), $"{itemId}-*"));
    }

    [Fact]
    public async Task A_whole_source_still_converts_and_is_available()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "whole");
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"), "&offset=1");
        Assert.Equal("available", (string)(await client.WaitForStatusAsync(queueId, itemId, "available", "error"))["status"]!);
    }
}
