using System.Collections.Concurrent;
using System.Threading.Channels;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Notifications;

public enum ItemEventKind { Status, TranscodeStart, TranscodeProgress, TranscodeEnd }

/// <summary>
/// What happened to one item, as the queue reports it. Plain data, so a relay between instances can carry it
/// later; Status is Plex's word, or "deleted". Session is a snapshot taken on the reporting thread.
/// </summary>
public sealed record ItemEvent(
    ItemEventKind Kind, int ItemId, int QueueId, int Attempt, string Key, string? Title, string? Status, string? Error,
    TranscodeSessionDto? Session);

/// <summary>One message ready for the wire: its type (for filters) and its JSON.</summary>
public sealed record NotificationMessage(string Type, byte[] Json);

/// <summary>
/// The push side of the queue. Publish is the single entry point (the hooks below call it); it never blocks:
/// events go into a channel the dispatcher drains, which resolves the owner, throttles progress and fans out to
/// listeners through Deliver. Each listener has its own bounded channel that drops its oldest message when it lags.
/// </summary>
public sealed class NotificationHub
{
    /// <summary>Messages a listener may lag behind before its oldest are dropped.</summary>
    public const int ListenerCapacity = 256;

    // Bounded so a stuck dispatcher cannot grow memory; far above what a second of conversions produces.
    private readonly Channel<ItemEvent> _inbound = Channel.CreateBounded<ItemEvent>(
        new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly ConcurrentDictionary<NotificationSubscription, byte> _listeners = new();

    internal ChannelReader<ItemEvent> Inbound => _inbound.Reader;

    public int ListenerCount => _listeners.Count;

    public void Publish(ItemEvent e) => _inbound.Writer.TryWrite(e);

    // ---- Hooks: one line each where the queue changes (ItemLifecycle, DownloadQueueService, ItemConverter) ----

    /// <summary>The item is now in this state (attempt: the item's attempt after the change, when it differs from item.Attempt).</summary>
    public void Changed(DownloadQueueItem item, ItemStatus status, string? title = null, string? error = null, int? attempt = null) =>
        Publish(new ItemEvent(ItemEventKind.Status, item.Id, item.QueueId, attempt ?? item.Attempt, item.Key, title ?? item.Title,
            status.ToPlex(), status == ItemStatus.Error ? error ?? item.Error : null, null));

    public void Deleted(DownloadQueueItem item) =>
        Publish(new ItemEvent(ItemEventKind.Status, item.Id, item.QueueId, item.Attempt, item.Key, item.Title, "deleted", null, null));

    public void TranscodeStarted(DownloadQueueItem item, TranscodeSession session) => Transcode(ItemEventKind.TranscodeStart, item, session);

    public void TranscodeProgress(DownloadQueueItem item, TranscodeSession session) => Transcode(ItemEventKind.TranscodeProgress, item, session);

    public void TranscodeEnded(DownloadQueueItem item, TranscodeSession session) => Transcode(ItemEventKind.TranscodeEnd, item, session);

    private void Transcode(ItemEventKind kind, DownloadQueueItem item, TranscodeSession session) =>
        Publish(new ItemEvent(kind, item.Id, item.QueueId, session.Attempt, item.Key, item.Title, null, null, session.ToDto()));

    // ---- Listeners ----

    public NotificationSubscription Subscribe(int accountId, NotificationFilter filter)
    {
        var subscription = new NotificationSubscription(accountId, filter, s => _listeners.TryRemove(s, out _));
        _listeners[subscription] = 0;
        return subscription;
    }

    /// <summary>Hands a message to the owner's listeners that want its type; never waits for any of them.</summary>
    internal void Deliver(int accountId, NotificationMessage message)
    {
        foreach (var listener in _listeners.Keys)
            if (listener.AccountId == accountId && listener.Filter.Allows(message.Type)) listener.Offer(message);
    }
}

/// <summary>One listener: its account, its filter and its bounded mailbox. Dispose to stop listening.</summary>
public sealed class NotificationSubscription(int accountId, NotificationFilter filter, Action<NotificationSubscription> remove) : IDisposable
{
    private readonly Channel<NotificationMessage> _messages = Channel.CreateBounded<NotificationMessage>(
        new BoundedChannelOptions(NotificationHub.ListenerCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public int AccountId => accountId;
    public NotificationFilter Filter => filter;
    public ChannelReader<NotificationMessage> Reader => _messages.Reader;

    internal void Offer(NotificationMessage message) => _messages.Writer.TryWrite(message);

    public void Dispose()
    {
        remove(this);
        _messages.Writer.TryComplete();
    }
}
