using System.Net;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Queue;

namespace PlexQueueServer.Tests.Notifications;

/// <summary>A dashboard sees a restart start the item over and a delete end it, each closing the running transcode session.</summary>
public class PushCancelTests(SlowPresetServerFactory factory) : IClassFixture<SlowPresetServerFactory>
{
    [Fact]
    public async Task Restart_and_delete_of_a_converting_item_are_pushed_and_end_its_sessions_incomplete()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "push-cancel");
        var queueId = await alice.CreateQueueAsync();
        var key = await alice.FindRatingKeyAsync(1, "Slow Movie");
        await using var listener = await NotificationListener.OpenEventSourceAsync(alice, "?filters=activity,transcodeSession.start,transcodeSession.end");
        var itemId = await alice.AddAsync(queueId, key, Notification.OwnConversion());

        await listener.WaitForAsync(m => IsSession(m, "transcodeSession.start", itemId, 0), "starting the first conversion");
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/downloadQueue/{queueId}/items/{itemId}/restart", null)).StatusCode);
        var firstEnd = await listener.WaitForAsync(m => IsSession(m, "transcodeSession.end", itemId, 0), "ending the first conversion");
        Assert.False((bool)firstEnd.Session()!["complete"]!);
        await listener.WaitForAsync(m => IsSession(m, "transcodeSession.start", itemId, 1), "starting the conversion again");
        Assert.Contains(listener.Received, m => m.IsActivity(itemId, "deciding") && m.Event() == "started" && m != listener.Received[0]);

        Assert.Equal(HttpStatusCode.OK, (await alice.DeleteAsync($"/downloadQueue/{queueId}/items/{itemId}")).StatusCode);
        var deleted = await listener.WaitForAsync(m => m.IsActivity(itemId, "deleted"), "saying the item is deleted");
        Assert.Equal("ended", deleted.Event());
        var lastEnd = await listener.WaitForAsync(m => IsSession(m, "transcodeSession.end", itemId, 1), "ending the second conversion");
        Assert.False((bool)lastEnd.Session()!["complete"]!);
        Assert.DoesNotContain(listener.Received, m => m.IsActivity(itemId, "available"));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/downloadQueue/{queueId}/items/{itemId}")).StatusCode);
    }

    private static bool IsSession(System.Text.Json.Nodes.JsonNode message, string type, int itemId, int attempt) =>
        message.Type() == type && (string?)message.Session()?["key"] == Notification.SessionKey(itemId, attempt);
}
