using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Web;

/// <summary>Several servers on PostgreSQL: the admin view lists the live instances (this one, role all).</summary>
public class AdminInstancesTests(AdminInstancesTests.Factory factory) : IClassFixture<AdminInstancesTests.Factory>
{
    public sealed class Factory : AdminServerFactory { public override bool UsePostgres => true; }

    [Fact]
    public async Task The_admin_view_lists_the_live_instances_on_postgres()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "alice-instances");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        System.Text.Json.Nodes.JsonArray? instances;
        // The heartbeat writes the instance row shortly after start.
        while ((instances = (await alice.GetJsonAsync("/web/api/admin"))["MediaContainer"]!["Instance"]?.AsArray()) is not { Count: > 0 }
               && DateTime.UtcNow < deadline)
            await Task.Delay(200);
        var instance = Assert.Single(instances!)!;
        Assert.Equal("all", (string?)instance["role"]);
        Assert.False(string.IsNullOrEmpty((string?)instance["name"]));
        Assert.True((long)instance["heartbeatAt"]! > 0);
    }
}
