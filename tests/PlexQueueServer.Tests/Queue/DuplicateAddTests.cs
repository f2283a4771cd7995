using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

public class DuplicateAddTests(PlexServerFactory factory) : DuplicateAddTestsOn<PlexServerFactory>(factory);

/// <summary>The same tests on PostgreSQL (Database:Provider=Postgres).</summary>
public class DuplicateAddTestsOnPostgres(DuplicateAddTestsOnPostgres.Factory factory) : DuplicateAddTestsOn<DuplicateAddTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : PlexServerFactory { public override bool UsePostgres => true; }
}

public abstract class DuplicateAddTestsOn<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlexServerFactory
{
    [Fact]
    public async Task Twenty_concurrent_identical_adds_make_one_item_and_every_answer_names_it()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "racing-adds");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Direct Movie");

        // Identical but for the session, as twenty taps on "download" from one app would be.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
            client.AddAsync(queueId, key, $"&videoResolution=640x480&session=tap{i}")));

        Assert.Single(answers.Distinct());
        var queue = await client.GetJsonAsync($"/downloadQueue/{queueId}");
        Assert.Equal(1, (int)queue["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }
}
