using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>
/// Converts one claimed item: ffmpeg writes into the job's own temp folder, the finished file is renamed
/// into the cache, and only then is the item marked available. Cancelled or failed jobs leave nothing.
/// </summary>
public sealed class ItemConverter(
    PlexDbContext db, LibraryCatalog catalog, LibrarySections sections, TranscodeJobs jobs, ResolvedPaths paths, QueueSignals signals,
    IOptions<TranscoderOptions> options, ILogger<ItemConverter> logger)
{
    public async Task ConvertAsync(DownloadQueueItem item, CancellationToken stopping)
    {
        var decision = DownloadQueueService.ReadDecision(item);
        var playable = await catalog.FindPlayableAsync(item.RatingKey, stopping);
        if (decision is null || playable is null)
        {
            await FailAsync(item, "sourceMissing", "The source file is no longer in the library.", CancellationToken.None);
            return;
        }
        var (source, facts) = playable.Value;
        // Opened once and checked inside the sections; ffmpeg reads this very handle, so a later swap cannot redirect it.
        using var sourceFile = LibraryFiles.OpenInside(source.FilePath!, sections.Roots, out var refused);
        if (sourceFile is null)
        {
            logger.LogWarning("Item {ItemId}: not converted, {Reason}", item.Id, refused);
            await FailAsync(item, "sourceMissing", "The source file is not inside the library folders (or cannot be read).", CancellationToken.None);
            return;
        }
        var session = new TranscodeSession(item.Id, item.Attempt, decision, facts, stopping);
        if (!jobs.TryAdd(session)) return; // already running (cannot happen with one claim per item; cheap guard)
        var jobFolder = Path.Combine(paths.TempPath, $"{item.Id}-{item.Attempt}");
        var started = Stopwatch.GetTimestamp();
        var lastProgress = Stopwatch.GetTimestamp();
        var stallTimeout = options.Value.StallTimeout;
        using var watchdogStop = new CancellationTokenSource();
        var stalled = false;
        Task watchdog = Task.CompletedTask;
        try
        {
            Directory.CreateDirectory(jobFolder);
            // ffmpeg sees a link with a name we chose, so no library file name can reach its command line.
            var input = Path.Combine(jobFolder, "input" + Path.GetExtension(source.FilePath));
            File.CreateSymbolicLink(input, LibraryFiles.HandlePath(sourceFile));
            var extension = ConversionArguments.ExtensionFor(decision.Container);
            var output = Path.Combine(jobFolder, "output." + extension);
            var sidecars = LinkSidecars(jobFolder, decision, facts);
            if (sidecars is null)
            {
                await FailAsync(item, "sourceMissing", "A subtitle file this item uses is no longer in the library; restart the item.", CancellationToken.None);
                return;
            }
            var processor = ConversionArguments.Build(input, output, decision, options.Value.Preset, sidecars)
                .NotifyOnProgress(processed =>
                {
                    Interlocked.Exchange(ref lastProgress, Stopwatch.GetTimestamp());
                    session.Report(processed);
                    try { session.Size = new FileInfo(output).Length; } catch (IOException) { }
                })
                .CancellableThrough(session.Cancellation.Token, TimeSpan.FromSeconds(3));
            logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: processing, video {VideoDecision} audio {AudioDecision} to {Container}; ffmpeg {Arguments}",
                item.Id, item.QueueId, item.Key, decision.Video?.Decision ?? "none", decision.Audio?.Decision ?? "none", decision.Container, processor.Arguments);
            // A hung ffmpeg (no progress line for StallTimeout) is cancelled like a delete, then reported as an error.
            watchdog = WatchForStallAsync(() => Interlocked.Read(ref lastProgress), stallTimeout, () =>
            {
                stalled = true;
                logger.LogWarning("Item {ItemId}: ffmpeg made no progress for {Timeout}; ending it", item.Id, stallTimeout);
                session.Cancellation.Cancel();
                CacheJanitor.KillProcessesUsing(jobFolder); // 'q' and FFMpegCore's own kill do not end a hung process
            }, watchdogStop.Token);
            var result = await processor.ProcessAsynchronously(throwOnError: false);
            await watchdogStop.CancelAsync();

            if (stalled && !session.Superseded)
            {
                await FailAsync(item, "transcodeError", $"ffmpeg made no progress for {stallTimeout}; restart the item to try again.", CancellationToken.None);
                return;
            }
            if (session.Cancellation.IsCancellationRequested)
            {
                logger.LogInformation("Item {ItemId}: conversion stopped ({Reason})", item.Id, session.Superseded ? "deleted or restarted" : "server stopping");
                return; // superseded items were already updated; on shutdown the item stays processing and is redone at start
            }
            if (!result.Success || !File.Exists(output))
            {
                var tail = string.Join(" | ", result.StandardError.TakeLast(3));
                logger.LogWarning("Item {ItemId} queue {QueueId} key {Key}: error, ffmpeg exited with code {ExitCode}: {StandardError}",
                    item.Id, item.QueueId, item.Key, result.ExitCode, tail);
                await FailAsync(item, "transcodeError", $"ffmpeg exited with code {result.ExitCode}: {tail}", CancellationToken.None);
                return;
            }
            var final = Path.Combine(paths.CachePath, $"{item.Id}-{item.Attempt}.{extension}");
            File.Move(output, final, overwrite: true);
            var updated = await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Processing)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.Status, ItemStatus.Available)
                    .SetProperty(i => i.MediaPath, final)
                    .SetProperty(i => i.MediaIsOriginal, false)
                    .SetProperty(i => i.AvailableAt, DateTime.UtcNow), CancellationToken.None);
            if (updated == 0) File.Delete(final); // deleted or restarted while finishing
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: available, {Container} {Bytes} bytes in {Seconds:0.0} s ({Speed:0.0}x)",
                item.Id, item.QueueId, item.Key, decision.Container, new FileInfo(final).Exists ? new FileInfo(final).Length : 0,
                seconds, seconds > 0 ? facts.DurationMs / 1000.0 / seconds : 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FFMpegCore.Exceptions.FFMpegException)
        {
            logger.LogWarning(ex, "Item {ItemId}: conversion failed", item.Id);
            await FailAsync(item, "transcodeError", ex.Message.ReplaceLineEndings(" "), CancellationToken.None);
        }
        finally
        {
            await watchdogStop.CancelAsync();
            await watchdog;
            jobs.Remove(session);
            session.Cancellation.Dispose();
            TryDeleteFolder(jobFolder);
            signals.WakeConverters(); // a job's temp output no longer fills the cache quota
        }
    }

    /// <summary>Links (named by us, like the input) to the sidecar subtitles the plan keeps; null when one has gone.</summary>
    private static Dictionary<int, string>? LinkSidecars(string jobFolder, PlaybackDecision decision, MediaFacts facts)
    {
        var links = new Dictionary<int, string>();
        foreach (var plan in decision.Streams.Where(s => s.Decision != "ignore" && s.SourceIndex >= SidecarSubtitles.FactsIndexBase))
        {
            if (facts.Streams.FirstOrDefault(s => s.Index == plan.SourceIndex)?.ExternalPath is not { } path || !File.Exists(path)) return null;
            var link = Path.Combine(jobFolder, $"subtitle-{links.Count}{Path.GetExtension(path)}");
            File.CreateSymbolicLink(link, path);
            links[plan.SourceIndex] = link;
        }
        return links;
    }

    private static async Task WatchForStallAsync(Func<long> lastProgress, TimeSpan timeout, Action onStall, CancellationToken stop)
    {
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(timeout.TotalMilliseconds / 4, 50, 1000));
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(tick, stop);
                if (Stopwatch.GetElapsedTime(lastProgress()) < timeout) continue;
                onStall();
                return;
            }
        }
        catch (OperationCanceledException) { }
    }

    private Task FailAsync(DownloadQueueItem item, string error, string reason, CancellationToken ct) =>
        db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt && i.Status == ItemStatus.Processing)
            .ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, ItemStatus.Error)
                .SetProperty(i => i.Error, error)
                .SetProperty(i => i.ErrorReason, reason.Length > 1000 ? reason[..1000] : reason), ct);

    public static void TryDeleteFolder(string folder)
    {
        try { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
        catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
