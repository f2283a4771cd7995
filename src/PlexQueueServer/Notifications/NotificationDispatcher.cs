using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Notifications;

/// <summary>
/// Drains the hub's events in order on one loop: finds the queue's owner, keeps each item's last known state
/// (so late or stale reports are dropped), sends at most one progress update per item per second (the latest
/// one, once its second is up; status changes and session start/end always go at once), and builds the PMS messages.
/// </summary>
public sealed class NotificationDispatcher(NotificationHub hub, IServiceScopeFactory scopes, Queue.QueueOwners owners, ILogger<NotificationDispatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan UpdateInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<int, ItemState> _items = new();

    private sealed class ItemState
    {
        public int Attempt = -1;
        public int QueueId;
        public int AccountId;
        public string Key = "";
        public string? Title;
        public string Status = "";
        public string? Error;
        public double Progress;
        public int? OpenSession;              // the attempt whose transcodeSession.start went out and whose end has not
        public long LastUpdate;               // Stopwatch timestamp of the last progress update sent
        public ItemEvent? PendingUpdate;      // the latest progress report held back by the one-per-second rule
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        var reader = hub.Inbound;
        while (!stopping.IsCancellationRequested)
        {
            while (reader.TryRead(out var e))
            {
                try { await HandleAsync(e, stopping); }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Notification for item {ItemId} not sent", e.ItemId);
                }
            }
            var due = FlushDueUpdates();
            try
            {
                if (due is null) { if (!await reader.WaitToReadAsync(stopping)) return; continue; }
                using var wake = CancellationTokenSource.CreateLinkedTokenSource(stopping);
                wake.CancelAfter(due.Value);
                await reader.WaitToReadAsync(wake.Token);
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested) { }
        }
    }

    private async Task HandleAsync(ItemEvent e, CancellationToken ct)
    {
        if (!_items.TryGetValue(e.ItemId, out var state))
        {
            if (e.Kind != ItemEventKind.Status) return; // a job of an item never seen here (its claim came first) has nothing to say
            if (await OwnerAsync(e.QueueId, ct) is not { } owner) return;
            state = new ItemState { QueueId = e.QueueId, AccountId = owner, Key = e.Key };
            _items[e.ItemId] = state;
        }
        state.Title = e.Title ?? state.Title;
        switch (e.Kind)
        {
            case ItemEventKind.Status:
                // A report from an older attempt lost a race with a restart; a deleted item says nothing more.
                if (e.Attempt < state.Attempt || state.Status == "deleted") return;
                state.Attempt = e.Attempt;
                state.Status = e.Status!;
                state.Error = e.Error;
                state.PendingUpdate = null; // a held-back progress update must not arrive after the step it preceded
                state.Progress = state.Status switch { "available" => 100, "processing" => state.Progress, _ => 0 };
                SendActivity(e.ItemId, state);
                ForgetIfSettled(e.ItemId, state);
                break;
            case ItemEventKind.TranscodeStart:
                if (!IsRunning(state, e)) return;
                state.OpenSession = e.Attempt;
                Send(state, NotificationTypes.TranscodeStart, e.Session!);
                break;
            case ItemEventKind.TranscodeProgress:
                if (!IsRunning(state, e) || state.OpenSession != e.Attempt) return;
                if (Stopwatch.GetElapsedTime(state.LastUpdate) >= UpdateInterval) SendUpdate(e.ItemId, state, e);
                else state.PendingUpdate = e;
                break;
            case ItemEventKind.TranscodeEnd:
                if (state.OpenSession != e.Attempt) return;
                state.OpenSession = null;
                state.PendingUpdate = null;
                var done = state.Status == "available" && state.Attempt == e.Attempt;
                Send(state, NotificationTypes.TranscodeEnd, done ? e.Session! with { Complete = true, Progress = 100, Remaining = 0 } : e.Session!);
                ForgetIfSettled(e.ItemId, state);
                break;
        }
    }

    /// <summary>An item at rest (and its session closed) needs no memory here: its next change brings all it needs.</summary>
    private void ForgetIfSettled(int itemId, ItemState state)
    {
        if (state.OpenSession is null && state.Status is "available" or "error" or "expired" or "deleted") _items.Remove(itemId);
    }

    private static bool IsRunning(ItemState state, ItemEvent e) => state.Status == "processing" && state.Attempt == e.Attempt;

    /// <summary>Sends the held-back updates whose second is up; the time until the next one is due, or null when none waits.</summary>
    private TimeSpan? FlushDueUpdates()
    {
        TimeSpan? next = null;
        foreach (var (itemId, state) in _items)
        {
            if (state.PendingUpdate is not { } pending) continue;
            var left = UpdateInterval - Stopwatch.GetElapsedTime(state.LastUpdate);
            if (left <= TimeSpan.Zero) SendUpdate(itemId, state, pending);
            else if (next is null || left < next) next = left;
        }
        return next;
    }

    private void SendUpdate(int itemId, ItemState state, ItemEvent e)
    {
        state.PendingUpdate = null;
        state.LastUpdate = Stopwatch.GetTimestamp();
        state.Progress = e.Session!.Progress;
        SendActivity(itemId, state);
        Send(state, NotificationTypes.TranscodeUpdate, e.Session);
    }

    private void SendActivity(int itemId, ItemState state)
    {
        var uuid = ActivityUuid(itemId);
        var activity = new ActivityDto
        {
            Uuid = uuid,
            UserId = state.AccountId,
            Title = state.Title ?? state.Key,
            Subtitle = Subtitle(state),
            Progress = (int)Math.Floor(state.Progress),
            Context = new ActivityContext
            {
                QueueId = state.QueueId, ItemId = itemId, Key = state.Key, Status = state.Status, Error = state.Error,
                TranscodeSessionKey = state.Status == "processing" ? TranscodeSession.KeyFor(itemId, state.Attempt) : null,
            },
        };
        var word = state.Status switch
        {
            "deciding" => "started",
            "available" or "error" or "expired" or "deleted" => "ended",
            _ => "updated",
        };
        Deliver(state, new NotificationContainer { Type = NotificationTypes.Activity, ActivityNotification = [new ActivityNotification(word, uuid, activity)] });
    }

    private void Send(ItemState state, string type, TranscodeSessionDto session) =>
        Deliver(state, new NotificationContainer { Type = type, TranscodeSession = [session] });

    private void Deliver(ItemState state, NotificationContainer container) =>
        hub.Deliver(state.AccountId, new NotificationMessage(container.Type, PlexSerializer.ToJson(new NotificationEnvelope(container))));

    private static string Subtitle(ItemState state) => state.Status switch
    {
        "deciding" => "Deciding",
        "waiting" => "Waiting to convert",
        "processing" => "Converting",
        "available" => "Ready to download",
        "error" => state.Error is { } error ? $"Error: {error}" : "Error",
        "expired" => "Expired",
        _ => "Deleted",
    };

    /// <summary>Stable per item, so a listener follows one activity from add to download (a restart starts it again).</summary>
    public static string ActivityUuid(int itemId) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"plexqueueserver/download-queue-item/{itemId}")).AsSpan(0, 16)).ToString();

    /// <summary>The queue's account; queues never change owner, so it is read once per queue.</summary>
    private async Task<int?> OwnerAsync(int queueId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return (await owners.FindAsync(scope.ServiceProvider.GetRequiredService<PlexDbContext>(), queueId, ct))?.AccountId;
    }
}
