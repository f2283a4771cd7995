using System.Text;
using PlexQueueServer.Notifications;

namespace PlexQueueServer.Tests.Notifications;

/// <summary>The hub's promises to listeners: filters as PMS reads them, and a lagging listener loses its oldest messages, nothing waits.</summary>
public class NotificationHubTests
{
    [Theory]
    [InlineData(null, "activity transcodeSession.start transcodeSession.update transcodeSession.end")]
    [InlineData("", "activity transcodeSession.start transcodeSession.update transcodeSession.end")]
    [InlineData("activity", "activity")]
    [InlineData("activity,transcodeSession.update", "activity transcodeSession.update")]
    [InlineData("transcodeSession", "transcodeSession.start transcodeSession.update transcodeSession.end")]
    [InlineData("-activity", "transcodeSession.start transcodeSession.update transcodeSession.end")]
    [InlineData("-activity,transcodeSession.update", "transcodeSession.start transcodeSession.end")]
    [InlineData("-log", "activity transcodeSession.start transcodeSession.update transcodeSession.end")]
    [InlineData("playing,timeline", "")]
    public void Filters_select_types_as_pms_reads_them(string? filters, string allowed)
    {
        var filter = NotificationFilter.Parse(filters);
        Assert.Equal(allowed, string.Join(' ', NotificationTypes.All.Where(filter.Allows)));
    }

    [Fact]
    public void A_listener_that_lags_loses_its_oldest_messages_and_delivery_never_waits()
    {
        var hub = new NotificationHub();
        using var lagging = hub.Subscribe(accountId: 1, NotificationFilter.All);
        using var other = hub.Subscribe(accountId: 2, NotificationFilter.All);
        var sent = NotificationHub.ListenerCapacity * 4;
        for (var i = 0; i < sent; i++) hub.Deliver(1, new NotificationMessage("activity", Encoding.UTF8.GetBytes(i.ToString())));

        var kept = new List<int>();
        while (lagging.Reader.TryRead(out var message)) kept.Add(int.Parse(Encoding.UTF8.GetString(message.Json)));
        Assert.Equal(Enumerable.Range(sent - NotificationHub.ListenerCapacity, NotificationHub.ListenerCapacity), kept);
        Assert.False(other.Reader.TryRead(out _)); // another account's listener got none of it
    }

    [Fact]
    public void A_listener_that_left_is_forgotten()
    {
        var hub = new NotificationHub();
        var listener = hub.Subscribe(1, NotificationFilter.All);
        Assert.Equal(1, hub.ListenerCount);
        listener.Dispose();
        Assert.Equal(0, hub.ListenerCount);
        hub.Deliver(1, new NotificationMessage("activity", "{}"u8.ToArray()));
        Assert.False(listener.Reader.TryRead(out _));
    }
}
