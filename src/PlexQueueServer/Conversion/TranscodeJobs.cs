using System.Collections.Concurrent;
using PlexQueueServer.Decisions;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>A running conversion: its cancellation and live progress, kept in memory only.</summary>
public sealed class TranscodeSession(int itemId, int attempt, PlaybackDecision decision, MediaFacts source, CancellationToken stopping)
{
    private readonly DateTime _startedAt = DateTime.UtcNow;

    public string Key => KeyFor(itemId, attempt);

    /// <summary>Stable per (item, attempt), so a client sees one session key from claim to finish.</summary>
    public static string KeyFor(int itemId, int attempt) => $"/transcode/sessions/download-{itemId}-{attempt}";
    public int ItemId => itemId;
    public int Attempt => attempt;
    public CancellationTokenSource Cancellation { get; } = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    /// <summary>Set when the job was cancelled on purpose (delete, restart), not by shutdown.</summary>
    public volatile bool Superseded;
    public double Progress { get; private set; }
    public double? Speed { get; private set; }
    public long Size { get; set; }

    public void Report(TimeSpan processed)
    {
        if (source.DurationMs <= 0) return;
        var elapsed = (DateTime.UtcNow - _startedAt).TotalSeconds;
        Progress = Math.Clamp(processed.TotalMilliseconds * 100.0 / source.DurationMs, 0, 99.9); // 100 only on success
        if (elapsed > 0.2) Speed = Math.Round(processed.TotalSeconds / elapsed, 2);
    }

    /// <summary>Seconds left, estimated from progress so far; null when unknown.</summary>
    public int? RemainingSeconds
    {
        get
        {
            if (Progress <= 0 || Speed is not > 0 || source.DurationMs <= 0) return null;
            var mediaLeft = source.DurationMs / 1000.0 * (100 - Progress) / 100;
            return (int)Math.Ceiling(mediaLeft / Speed.Value);
        }
    }

    public TranscodeSessionDto ToDto() => new()
    {
        Key = Key,
        Progress = Math.Round(Progress, 1),
        Size = Size,
        Speed = Speed,
        Duration = source.DurationMs,
        Remaining = RemainingSeconds,
        SourceVideoCodec = source.Video?.Codec,
        SourceAudioCodec = source.Audio?.Codec,
        VideoDecision = decision.Video?.Decision,
        AudioDecision = decision.Audio?.Decision,
        Container = decision.Container,
        VideoCodec = decision.Video?.Codec,
        AudioCodec = decision.Audio?.Codec,
        AudioChannels = decision.Audio?.Channels ?? source.Audio?.Channels ?? 0,
        Width = decision.Video?.Width ?? source.Video?.Width,
        Height = decision.Video?.Height ?? source.Video?.Height,
    };
}

/// <summary>Registry of running conversions keyed by item id; the API cancels and reads progress here.</summary>
public sealed class TranscodeJobs
{
    private readonly ConcurrentDictionary<int, TranscodeSession> _running = new();

    public bool TryAdd(TranscodeSession session) => _running.TryAdd(session.ItemId, session);

    public void Remove(TranscodeSession session) => _running.TryRemove(new KeyValuePair<int, TranscodeSession>(session.ItemId, session));

    public TranscodeSession? Find(int itemId) => _running.GetValueOrDefault(itemId);

    /// <summary>Stops the item's conversion, if any; the worker ends ffmpeg and removes its temp folder.</summary>
    public void Cancel(int itemId)
    {
        if (!_running.TryGetValue(itemId, out var session)) return;
        session.Superseded = true;
        session.Cancellation.Cancel();
    }
}
