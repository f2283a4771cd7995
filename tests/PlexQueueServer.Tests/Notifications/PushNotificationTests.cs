using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PlexQueueServer.Notifications;
using PlexQueueServer.Queue;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Notifications;

/// <summary>
/// Dashboards listen instead of polling: a real conversion pushes its activity and transcode session to its owner's
/// listeners over both transports, never to another user's. "None" is proven with a sentinel: the other user's own
/// later item arrives on their stream, and the stream is in order, so anything about ours would have come first.
/// </summary>
public class PushNotificationTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    private const int Movies = 1;

    private static string NewClient() => "push-" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Event_source_listener_follows_its_conversion_from_add_to_available_with_progress()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: NewClient());
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, NewClient());
        var key = await alice.FindRatingKeyAsync(Movies, "Slow Movie");
        var queueId = await alice.CreateQueueAsync();
        await using var mine = await NotificationListener.OpenEventSourceAsync(alice);
        await using var theirs = await NotificationListener.OpenEventSourceAsync(bob);

        var itemId = await alice.AddAsync(queueId, key, Notification.OwnConversion());
        await mine.WaitForAsync(m => m.IsActivity(itemId, "available"), "saying the item is available");
        var end = await mine.WaitForAsync(m => m.Type() == "transcodeSession.end" && m.IsAbout(itemId), "ending the transcode session");

        var polled = await alice.GetItemAsync(queueId, itemId); // polling stays the source of truth: it agrees
        Assert.Equal("available", (string)polled["status"]!);
        AssertFollowsConversion(mine.Received.Where(m => m.IsAbout(itemId)).ToList(), itemId, queueId, key);
        Assert.True((bool)end.Session()!["complete"]!);
        Assert.Equal(100, (double)end.Session()!["progress"]!);

        await AssertSeesOnlyTheirOwnAsync(theirs, bob, itemId);
    }

    [Fact]
    public async Task Websocket_listener_receives_the_same_events_with_progress_and_nothing_of_another_user()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: NewClient());
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, NewClient());
        var key = await alice.FindRatingKeyAsync(Movies, "Slow Movie");
        var queueId = await alice.CreateQueueAsync();
        await using var mine = await NotificationListener.OpenWebSocketAsync(factory.Server, PlexServerFactory.AliceToken);
        await using var theirs = await NotificationListener.OpenWebSocketAsync(factory.Server, PlexServerFactory.BobToken);

        var itemId = await alice.AddAsync(queueId, key, Notification.OwnConversion());
        await mine.WaitForAsync(m => m.IsActivity(itemId, "available"), "saying the item is available");
        await mine.WaitForAsync(m => m.Type() == "transcodeSession.end" && m.IsAbout(itemId), "ending the transcode session");

        AssertFollowsConversion(mine.Received.Where(m => m.IsAbout(itemId)).ToList(), itemId, queueId, key);
        await AssertSeesOnlyTheirOwnAsync(theirs, bob, itemId);
    }

    [Fact]
    public async Task Filters_select_the_types_a_listener_receives()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: NewClient());
        var key = await alice.FindRatingKeyAsync(Movies, "Convert Movie");
        var queueId = await alice.CreateQueueAsync();
        await using var activities = await NotificationListener.OpenEventSourceAsync(alice, "?filters=activity");
        await using var sessions = await NotificationListener.OpenEventSourceAsync(alice, "?filters=transcodeSession.start,transcodeSession.end");
        await using var allButActivity = await NotificationListener.OpenWebSocketAsync(factory.Server, PlexServerFactory.AliceToken, "?filters=-activity");

        var itemId = await alice.AddAsync(queueId, key);
        await activities.WaitForAsync(m => m.IsActivity(itemId, "available"), "saying the item is available");
        await sessions.WaitForAsync(m => m.Type() == "transcodeSession.end" && m.IsAbout(itemId), "ending the session");
        await allButActivity.WaitForAsync(m => m.Type() == "transcodeSession.end" && m.IsAbout(itemId), "ending the session");

        Assert.All(activities.Received, m => Assert.Equal("activity", m.Type()));
        Assert.Equal(["transcodeSession.start", "transcodeSession.end"], sessions.Received.Where(m => m.IsAbout(itemId)).Select(m => m.Type()));
        Assert.DoesNotContain(allButActivity.Received, m => m.Type() == "activity");
        Assert.Contains(allButActivity.Received, m => m.Type() == "transcodeSession.start" && m.IsAbout(itemId));
    }

    [Fact]
    public async Task Listening_without_a_valid_token_is_refused_401()
    {
        foreach (var token in new[] { null, "not-a-token" })
        {
            var client = factory.CreatePlexClient(token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/:/eventsource/notifications")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/:/websockets/notifications")).StatusCode);
        }
        var socket = factory.Server.CreateWebSocketClient();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() =>
            socket.ConnectAsync(new Uri(factory.Server.BaseAddress, "/:/websockets/notifications?X-Plex-Token=wrong"), CancellationToken.None));
        Assert.Contains("401", refused.Message);
        // With a token but no upgrade, the websocket route says what it wants instead of hanging.
        var plain = await factory.CreatePlexClient().GetAsync("/:/websockets/notifications");
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
    }

    [Fact]
    public async Task Listeners_that_never_read_or_hang_up_do_not_hold_up_conversions()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: NewClient());
        var queueId = await alice.CreateQueueAsync();
        // One never reads its stream; one hangs up at once; one closes its websocket mid-way.
        var stalled = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/:/eventsource/notifications"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, stalled.StatusCode);
        await (await NotificationListener.OpenEventSourceAsync(alice)).DisposeAsync();
        var closing = await NotificationListener.OpenWebSocketAsync(factory.Server, PlexServerFactory.AliceToken);
        await using var reading = await NotificationListener.OpenEventSourceAsync(alice);

        var first = await alice.AddAsync(queueId, await alice.FindRatingKeyAsync(Movies, "Convert Movie"), "&videoResolution=160x120");
        await closing.DisposeAsync();
        var second = await alice.AddAsync(queueId, await alice.FindRatingKeyAsync(2, "Flac Song", "10"), "&musicBitrate=128");
        foreach (var itemId in new[] { first, second })
        {
            await alice.WaitForStatusAsync(queueId, itemId, "available");
            await reading.WaitForAsync(m => m.IsActivity(itemId, "available"), $"saying item {itemId} is available");
        }
        stalled.Dispose();
    }

    [Fact]
    public async Task Progress_goes_at_most_once_a_second_per_item_and_the_latest_report_still_arrives()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: NewClient());
        var queueId = await alice.CreateQueueAsync();
        var hub = factory.Services.GetRequiredService<NotificationHub>();
        await using var listener = await NotificationListener.OpenEventSourceAsync(alice, "?filters=transcodeSession");
        const int itemId = 1_000_000; // a job the hub hears about directly, as the converter reports one
        var key = Notification.SessionKey(itemId);
        ItemEvent Report(ItemEventKind kind, double progress, string? status = null) => new(kind, itemId, queueId, 0, "/library/metadata/1", "Job",
            status, null, new TranscodeSessionDto { Key = key, Container = "mp4", Progress = progress });

        var clock = Stopwatch.StartNew();
        hub.Publish(Report(ItemEventKind.Status, 0, "processing"));
        hub.Publish(Report(ItemEventKind.TranscodeStart, 0));
        for (var i = 1; i <= 500; i++) hub.Publish(Report(ItemEventKind.TranscodeProgress, i / 10.0));
        // The reports stop at 50 %: the held-back latest one is sent once its second is up, without another report.
        await listener.WaitForAsync(m => m.Type() == "transcodeSession.update" && (double)m.Session()!["progress"]! == 50, "with the latest progress");
        var seconds = clock.Elapsed.TotalSeconds;

        var updates = listener.Received.Count(m => m.Type() == "transcodeSession.update");
        Assert.InRange(updates, 2, 1 + (int)Math.Ceiling(seconds));
        hub.Publish(Report(ItemEventKind.Status, 50, "deleted"));
        hub.Publish(Report(ItemEventKind.TranscodeEnd, 50));
        var end = await listener.WaitForAsync(m => m.Type() == "transcodeSession.end", "ending the session");
        Assert.False((bool)end.Session()!["complete"]!);
    }

    /// <summary>started (deciding) → updated (waiting, processing, progress) → ended (available at 100 %), and the session start → update → end.</summary>
    private static void AssertFollowsConversion(List<JsonNode> messages, int itemId, int queueId, int ratingKey)
    {
        var activities = messages.Where(m => m.Type() == "activity").ToList();
        Assert.Equal(["deciding", "waiting", "processing", "available"], activities.Select(m => m.Status()).Distinct());
        Assert.Equal("started", activities[0].Event());
        Assert.Equal("ended", activities[^1].Event());
        Assert.All(activities[1..^1], m => Assert.Equal("updated", m.Event()));
        var first = activities[0].Activity()!;
        Assert.Equal((string)first["uuid"]!, (string)first["Activity"]!["uuid"]!);
        Assert.All(activities, m => Assert.Equal((string)first["uuid"]!, (string)m.Activity()!["uuid"]!)); // one activity per item
        var activity = activities[^1].Activity()!["Activity"]!;
        Assert.Equal("download.queue.item", (string)activity["type"]!);
        Assert.True((bool)activity["cancellable"]!);
        Assert.Equal("Slow Movie (2022)", (string)activity["title"]!);
        Assert.Equal(100, (int)activity["progress"]!);
        Assert.Equal(queueId, (int)activity["Context"]!["queueID"]!);
        Assert.Equal($"/library/metadata/{ratingKey}", (string)activity["Context"]!["key"]!);
        Assert.Contains(activities, m => m.Status() == "processing" && (int)m.Activity()!["Activity"]!["progress"]! is > 0 and < 100);

        var sessions = messages.Where(m => m.Type().StartsWith("transcodeSession.", StringComparison.Ordinal)).ToList();
        Assert.Equal("transcodeSession.start", sessions[0].Type());
        Assert.Equal("transcodeSession.end", sessions[^1].Type());
        Assert.Contains(sessions, m => m.Type() == "transcodeSession.update" && (double)m.Session()!["progress"]! > 0);
        Assert.All(sessions, m => Assert.Equal(Notification.SessionKey(itemId), (string)m.Session()!["key"]!));
        Assert.All(sessions, m => Assert.Equal("transcode", (string?)m.Session()!["videoDecision"]));
    }

    /// <summary>The other user's listener gets their own new item's events, and before them nothing about ours.</summary>
    private static async Task AssertSeesOnlyTheirOwnAsync(NotificationListener theirs, HttpClient owner, int notTheirs)
    {
        var queueId = await owner.CreateQueueAsync();
        var sentinel = await owner.AddAsync(queueId, await owner.FindRatingKeyAsync(Movies, "Direct Movie"));
        await theirs.WaitForAsync(m => m.IsActivity(sentinel, "available"), "about their own item");
        Assert.DoesNotContain(theirs.Received, m => m.IsAbout(notTheirs));
        Assert.All(theirs.Received, m => Assert.Equal(sentinel, m.ItemId()));
    }
}
