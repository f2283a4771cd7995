using System.Collections.Concurrent;
using PlexQueueServer.Decisions;

namespace PlexQueueServer.Queue;

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
    /// <summary>Completes when the job has left the registry, so a newer attempt of the item can start.</summary>
    public TaskCompletionSource Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Hardware was configured for this job (even if the device was unusable or it fell back to software).</summary>
    public bool HardwareRequested { get; set; }
    /// <summary>Backend name the running ffmpeg decodes / encodes on; null for software.</summary>
    public string? HardwareDecoding { get; set; }
    public string? HardwareEncoding { get; set; }

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
        VideoDecision = decision.Video?.Decision.ToPlex(),
        AudioDecision = decision.Audio?.Decision.ToPlex(),
        Container = decision.Container,
        VideoCodec = decision.Video?.Codec,
        AudioCodec = decision.Audio?.Codec,
        AudioChannels = decision.Audio?.Channels ?? source.Audio?.Channels ?? 0,
        Width = decision.Video?.Width ?? source.Video?.Width,
        Height = decision.Video?.Height ?? source.Video?.Height,
        TranscodeHwRequested = HardwareRequested,
        TranscodeHwDecoding = HardwareDecoding,
        TranscodeHwEncoding = HardwareEncoding,
        TranscodeHwFullPipeline = HardwareDecoding is not null && HardwareEncoding is not null,
    };
}

/// <summary>
/// What this server is working on, in memory only: claimed items (item, attempt) from the claim until the
/// converter lets go, and running conversions keyed by item id. The lifecycle's watchdog treats a
/// processing row that no claim here covers as stranded.
/// </summary>
public sealed class TranscodeJobs
{
    private readonly ConcurrentDictionary<int, TranscodeSession> _running = new();
    private readonly ConcurrentDictionary<(int ItemId, int Attempt), int> _claims = new();

    /// <summary>
    /// Counted: two converters may race for one waiting item, each holding it before its conditional claim. The loser
    /// releases its own hold only; without the count it erased the winner's, and the watchdog requeued a running job.
    /// </summary>
    public void Hold(int itemId, int attempt) => _claims.AddOrUpdate((itemId, attempt), 1, static (_, held) => held + 1);

    public void Release(int itemId, int attempt)
    {
        var key = (itemId, attempt);
        while (_claims.TryGetValue(key, out var held))
        {
            if (held <= 1 ? _claims.TryRemove(new KeyValuePair<(int, int), int>(key, held)) : _claims.TryUpdate(key, held - 1, held)) return;
        }
    }

    public bool IsHeld(int itemId, int attempt) => _claims.ContainsKey((itemId, attempt));

    /// <summary>
    /// Registers the session; a restarted item's older job may still be ending (ffmpeg gets seconds to quit),
    /// so wait for it rather than fail. False only when a job of the same or a newer attempt runs.
    /// </summary>
    public async Task<bool> AddAsync(TranscodeSession session, CancellationToken stopping)
    {
        while (!_running.TryAdd(session.ItemId, session))
        {
            if (!_running.TryGetValue(session.ItemId, out var older)) continue;
            if (older.Attempt >= session.Attempt) return false;
            Cancel(session.ItemId);
            await older.Ended.Task.WaitAsync(stopping);
        }
        return true;
    }

    public void Remove(TranscodeSession session)
    {
        _running.TryRemove(new KeyValuePair<int, TranscodeSession>(session.ItemId, session));
        session.Ended.TrySetResult();
    }

    public TranscodeSession? Find(int itemId) => _running.GetValueOrDefault(itemId);

    /// <summary>The running job of exactly this attempt (an older one may still be ending).</summary>
    public TranscodeSession? Find(int itemId, int attempt) => Find(itemId) is { } s && s.Attempt == attempt ? s : null;

    /// <summary>Stops the item's conversion if it runs an attempt older than the given one (another instance said so).</summary>
    public void CancelBelow(int itemId, int attempt)
    {
        if (_running.TryGetValue(itemId, out var session) && session.Attempt < attempt) Cancel(itemId);
    }

    /// <summary>The item ids converting here now (for the instance's heartbeat row and /health).</summary>
    public IReadOnlyList<int> RunningItemIds => _running.Keys.Order().ToList();

    /// <summary>Stops the item's conversion, if any; the worker ends ffmpeg and removes its temp folder.</summary>
    public void Cancel(int itemId)
    {
        if (!_running.TryGetValue(itemId, out var session)) return;
        session.Superseded = true;
        try { session.Cancellation.Cancel(); } catch (ObjectDisposedException) { } // the job ended meanwhile
    }
}
