using System.Threading.Channels;

namespace PlexQueueServer.Queue;

/// <summary>
/// Wake-ups for the worker. The database is the queue; these bounded channels (capacity 1) only say
/// "look again", so a burst of adds costs one wake-up and nothing is lost if a signal is dropped.
/// </summary>
public sealed class QueueSignals
{
    private static Channel<bool> NewSignal() =>
        Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public Channel<bool> Decide { get; } = NewSignal();
    public Channel<bool> Convert { get; } = NewSignal();

    /// <summary>PostgreSQL: tells every instance (Cluster/ClusterSignals, LISTEN/NOTIFY); null with SQLite.</summary>
    public Action<string>? Broadcast { get; set; }

    public void WakeDecider() { WakeDeciderHere(); Broadcast?.Invoke("decide"); }
    public void WakeConverters() { WakeConvertersHere(); Broadcast?.Invoke("convert"); }
    public void WakeDeciderHere() => Decide.Writer.TryWrite(true);
    public void WakeConvertersHere() => Convert.Writer.TryWrite(true);

    /// <summary>Ends the item's job older than the attempt on whichever instance runs it (int.MaxValue: any attempt).</summary>
    public void CancelEverywhere(int itemId, int belowAttempt) => Broadcast?.Invoke($"cancel:{itemId}:{belowAttempt}");
}
