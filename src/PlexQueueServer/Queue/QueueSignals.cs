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

    public void WakeDecider() => Decide.Writer.TryWrite(true);
    public void WakeConverters() => Convert.Writer.TryWrite(true);
}
