using System.Collections.Concurrent;
using System.Diagnostics;

namespace PlexQueueServer.Queue;

/// <summary>
/// GET …/items from memory while a queue is unchanged: clients poll their queue every few seconds, and a queue's rows
/// change only through ItemLifecycle and DownloadQueueService.AddAsync, which report each write here (Changed) once it
/// is made. A list is kept with the queue's version as it was before it was read, so a write racing the read makes
/// it stale at once. A queue changed within the last second is read page by page, as before, so a busy queue (the
/// decider working through 10,000 adds) never reloads whole on every poll. SQLite only: there one process writes the
/// database; on PostgreSQL other instances write it too, and every list is read from the database.
/// </summary>
public sealed class ItemListCache(Cluster.ClusterInstance cluster)
{
    /// <summary>Bounded: about 150 bytes a row; past this every kept list is dropped and lists are read again.</summary>
    private const int MaxRows = 200_000;
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(1);

    private readonly bool _enabled = !cluster.IsPostgres;
    private readonly ConcurrentDictionary<int, QueueState> _queues = new();
    private long _epoch; // bumped by writes whose queues are not known one by one
    private int _rows;

    private sealed class QueueState
    {
        public long Version;
        public long ChangedAt;
        public bool Loading;
        public Kept? List;
    }

    private sealed record Kept(long Version, long Epoch, ListedItem[] Rows);

    /// <summary>The queue's version and the epoch, taken before a read that is to be kept.</summary>
    public readonly record struct Stamp(long Version, long Epoch);

    /// <summary>After a write to the queue's items has been made (or failed: either way the kept list goes).</summary>
    public void Changed(int queueId)
    {
        if (!_enabled) return;
        var state = _queues.GetOrAdd(queueId, static _ => new QueueState());
        lock (state)
        {
            state.Version++;
            state.ChangedAt = Stopwatch.GetTimestamp();
            Drop(state);
        }
    }

    /// <summary>After a write to items of any queue (start-up and watchdog requeue).</summary>
    public void ChangedAll()
    {
        if (!_enabled) return;
        Interlocked.Increment(ref _epoch);
        foreach (var state in _queues.Values) lock (state) Drop(state);
    }

    public bool TryGet(int queueId, out ListedItem[] rows)
    {
        rows = [];
        if (!_enabled || !_queues.TryGetValue(queueId, out var state)) return false;
        lock (state)
        {
            if (state.List is not { } kept || kept.Version != state.Version || kept.Epoch != Interlocked.Read(ref _epoch)) return false;
            rows = kept.Rows;
            return true;
        }
    }

    /// <summary>
    /// Whether this caller is to read the whole queue and keep it (then it must call Store, with null if the read
    /// failed): not on PostgreSQL, not for a queue changed within the last second, and one caller at a time, so
    /// sixteen clients missing together make one read of a 10,000-item queue, not sixteen (the others read a page).
    /// </summary>
    public bool ShouldLoadWhole(int queueId, out Stamp stamp)
    {
        stamp = default;
        if (!_enabled) return false;
        var state = _queues.GetOrAdd(queueId, static _ => new QueueState());
        lock (state)
        {
            stamp = new Stamp(state.Version, Interlocked.Read(ref _epoch));
            if (state.Loading || (state.ChangedAt != 0 && Stopwatch.GetElapsedTime(state.ChangedAt) < Quiet)) return false;
            state.Loading = true;
            return true;
        }
    }

    /// <summary>Keeps a whole queue read under the stamp; a write since the stamp was taken means it is not kept. Null: the read failed.</summary>
    public void Store(int queueId, Stamp stamp, ListedItem[]? rows)
    {
        if (!_enabled || !_queues.TryGetValue(queueId, out var state)) return;
        lock (state) state.Loading = false;
        if (rows is null) return;
        if (rows.Length > MaxRows) return;
        if (Interlocked.Add(ref _rows, rows.Length) > MaxRows)
        {
            Interlocked.Add(ref _rows, -rows.Length);
            foreach (var other in _queues.Values) lock (other) Drop(other);
            Interlocked.Add(ref _rows, rows.Length);
        }
        lock (state)
        {
            if (state.Version != stamp.Version || Interlocked.Read(ref _epoch) != stamp.Epoch) { Interlocked.Add(ref _rows, -rows.Length); return; }
            Drop(state);
            state.List = new Kept(stamp.Version, stamp.Epoch, rows);
        }
    }

    private void Drop(QueueState state)
    {
        if (state.List is { } kept) Interlocked.Add(ref _rows, -kept.Rows.Length);
        state.List = null;
    }
}
