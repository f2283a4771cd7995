using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Decisions;
using PlexQueueServer.Library;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>
/// Converts one claimed item: ffmpeg writes into the job's own temp folder, the finished file is renamed
/// into the cache, and only then is the item marked available. Cancelled or failed jobs leave nothing.
/// The output is probed first: a file shorter than its source (a truncated or corrupt source) is an error.
/// </summary>
public sealed class ItemConverter(
    ItemLifecycle lifecycle, LibraryCatalog catalog, LibrarySections sections, TranscodeJobs jobs, ResolvedPaths paths, QueueSignals signals,
    HardwareProbe hardwareProbe, SharedConversions shared, Cluster.JobLeases leases, IOptions<TranscoderOptions> options,
    ILogger<ItemConverter> logger, Notifications.NotificationHub notifications)
{
    public async Task ConvertAsync(DownloadQueueItem item, CancellationToken stopping)
    {
        var decision = item.ReadDecision();
        var playable = await catalog.FindPlayableAsync(item.RatingKey, stopping);
        if (decision is null || playable is null)
        {
            await lifecycle.FailAsync(item, ItemError.SourceMissing, "The source file is no longer in the library.", CancellationToken.None);
            return;
        }
        var (source, facts) = playable.Value;
        // Opened once and checked inside the sections; ffmpeg reads this very handle, so a later swap cannot redirect it.
        using var sourceFile = LibraryFiles.OpenInside(source.FilePath!, sections.Roots, out var refused);
        if (sourceFile is null)
        {
            logger.LogWarning("Item {ItemId}: not converted, {Reason}", item.Id, refused);
            await lifecycle.FailAsync(item, ItemError.SourceMissing, "The source file is not inside the library folders (or cannot be read).", CancellationToken.None);
            return;
        }
        var session = new TranscodeSession(item.Id, item.Attempt, decision, facts, stopping);
        // A restarted item's previous job may still be ending: AddAsync waits for it. False: a newer attempt runs.
        if (!await jobs.AddAsync(session, stopping)) return;
        await using var lease = leases.Keep(item, session); // PostgreSQL: renewed while it runs; lost → ffmpeg ends
        notifications.TranscodeStarted(item, session);
        var jobFolder = Path.Combine(paths.TempPath, $"{item.Id}-{item.Attempt}");
        var started = Stopwatch.GetTimestamp();
        var lastProgress = Stopwatch.GetTimestamp();
        long lastSize = 0;
        var stallTimeout = options.Value.StallTimeout;
        var watchdogStop = new CancellationTokenSource();
        var stalled = false;
        Task watchdog = Task.CompletedTask;
        var sidecarFiles = new List<FileStream>();
        SharedConversions.Lead? lead = null;
        try
        {
            Directory.CreateDirectory(jobFolder);
            // ffmpeg sees a link with a name we chose, so no library file name can reach its command line.
            var input = Path.Combine(jobFolder, "input" + Path.GetExtension(source.FilePath));
            File.CreateSymbolicLink(input, LibraryFiles.HandlePath(sourceFile));
            var extension = ConversionArguments.ExtensionFor(decision.Container);
            var output = Path.Combine(jobFolder, "output." + extension);
            var sidecars = LinkSidecars(jobFolder, decision, facts, sidecarFiles);
            if (sidecars is null)
            {
                await lifecycle.FailAsync(item, ItemError.SourceMissing, "A subtitle file this item uses is no longer in the library; restart the item.", CancellationToken.None);
                return;
            }
            var hardware = await hardwareProbe.PlanForAsync(decision, session.Cancellation.Token);
            // Requested: configured for a job that encodes video, even when the probe failed and software runs instead.
            session.HardwareRequested = hardware is not null || (hardwareProbe.Backend != HardwareBackend.None && decision.Video?.Decision == StreamDecision.Transcode);
            // Same source and plan as another item: reuse its file or follow its job instead of a new ffmpeg (SharedConversions.cs).
            var plan = ConversionArguments.Build(input, output, decision, options.Value.Preset, sidecars, hardware).Arguments;
            (var handled, lead) = await shared.JoinAsync(item, SharedConversions.KeyFor(sourceFile, sidecarFiles, decision.Container, plan, jobFolder), extension, session, lifecycle,
                () => notifications.TranscodeProgress(item, session));
            if (handled) return;
        convert: // a hardware run that fails comes back here once, in software
            session.HardwareEncoding = hardware?.Name;
            session.HardwareDecoding = hardware is { Decode: true } ? hardware.Name : null;
            if (hardware?.Reason is { } partial) logger.LogInformation("Item {ItemId}: {Backend} encodes, decoding in software: {Reason}", item.Id, hardware.Name, partial);
            var processor = ConversionArguments.Build(input, output, decision, options.Value.Preset, sidecars, hardware)
                .NotifyOnProgress(processed =>
                {
                    Interlocked.Exchange(ref lastProgress, Stopwatch.GetTimestamp());
                    session.Report(processed);
                    notifications.TranscodeProgress(item, session);
                    lead?.Report(processed, session.Size);
                    // The output's size is a stat: at most once a second, not on every progress line.
                    if (Stopwatch.GetElapsedTime(Interlocked.Read(ref lastSize)) < TimeSpan.FromSeconds(1)) return;
                    Interlocked.Exchange(ref lastSize, Stopwatch.GetTimestamp());
                    try { session.Size = new FileInfo(output).Length; } catch (IOException) { }
                })
                .CancellableThrough(session.Cancellation.Token, TimeSpan.FromSeconds(3));
            logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: processing, video {VideoDecision} audio {AudioDecision} to {Container}; ffmpeg {Arguments}",
                item.Id, item.QueueId, item.Key, decision.Video?.Decision.ToPlex() ?? "none", decision.Audio?.Decision.ToPlex() ?? "none", decision.Container, processor.Arguments);
            // A hung ffmpeg (no progress line for StallTimeout) is cancelled like a delete, then reported as an error.
            watchdog = WatchForStallAsync(() => Interlocked.Read(ref lastProgress), stallTimeout, () =>
            {
                stalled = true;
                logger.LogWarning("Item {ItemId}: ffmpeg made no progress for {Timeout}; ending it", item.Id, stallTimeout);
                session.Cancellation.Cancel();
                FfmpegProcesses.KillProcessesUsing(jobFolder); // 'q' and FFMpegCore's own kill do not end a hung process
            }, watchdogStop.Token);
            shared.CountFfmpegRun(item.Id);
            var result = await processor.ProcessAsynchronously(throwOnError: false);
            await watchdogStop.CancelAsync();

            if (stalled && !session.Superseded)
            {
                await lifecycle.FailAsync(item, ItemError.TranscodeError, $"ffmpeg made no progress for {stallTimeout}; restart the item to try again.", CancellationToken.None);
                return;
            }
            if (session.Cancellation.IsCancellationRequested)
            {
                logger.LogInformation("Item {ItemId}: conversion stopped ({Reason})", item.Id, session.Superseded ? "deleted or restarted" : "server stopping");
                return; // superseded items were already updated; on shutdown the item stays processing and is redone at start
            }
            var failed = !result.Success || !File.Exists(output);
            // A device can also end early with exit code 0: a short output counts as a failed hardware run.
            var shortReason = failed ? null : await ShortOutputAsync(item, facts, output);
            if ((failed || shortReason is not null) && hardware is not null)
            {
                // Never lose a download to the GPU: one more run in software, from the start.
                logger.LogWarning("Item {ItemId}: {Backend} conversion failed ({Reason}); retrying in software", item.Id, hardware.Name,
                    shortReason ?? $"ffmpeg exited with code {result.ExitCode}: {string.Join(" | ", result.StandardError.TakeLast(2))}");
                hardware = null;
                await watchdog;
                watchdogStop.Dispose();
                watchdogStop = new CancellationTokenSource();
                Interlocked.Exchange(ref lastProgress, Stopwatch.GetTimestamp());
                File.Delete(output);
                goto convert;
            }
            if (failed)
            {
                var tail = string.Join(" | ", result.StandardError.TakeLast(3));
                logger.LogWarning("Item {ItemId} queue {QueueId} key {Key}: error, ffmpeg exited with code {ExitCode}: {StandardError}",
                    item.Id, item.QueueId, item.Key, result.ExitCode, tail);
                await lifecycle.FailAsync(item, ItemError.TranscodeError, $"ffmpeg exited with code {result.ExitCode}: {tail}", CancellationToken.None);
                return;
            }
            if (shortReason is not null)
            {
                logger.LogWarning("Item {ItemId} queue {QueueId} key {Key}: error, {Reason}", item.Id, item.QueueId, item.Key, shortReason);
                await lifecycle.FailAsync(item, ItemError.TranscodeError, shortReason, CancellationToken.None);
                return;
            }
            var final = Path.Combine(paths.CachePath, $"{item.Id}-{item.Attempt}.{extension}");
            File.Move(output, final, overwrite: true);
            // Deleted or restarted while finishing, or the database stayed unwritable: the lifecycle removes the file.
            if (!await lifecycle.CompleteAsync(item, final, CancellationToken.None)) return;
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: available, {Container} {Bytes} bytes in {Seconds:0.0} s ({Speed:0.0}x)",
                item.Id, item.QueueId, item.Key, decision.Container, new FileInfo(final).Exists ? new FileInfo(final).Length : 0,
                seconds, seconds > 0 ? facts.DurationMs / 1000.0 / seconds : 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or FFMpegCore.Exceptions.FFMpegException)
        {
            logger.LogWarning(ex, "Item {ItemId}: conversion failed", item.Id);
            await lifecycle.FailAsync(item, ItemError.TranscodeError, ex.Message.ReplaceLineEndings(" "), CancellationToken.None);
        }
        finally
        {
            if (lead is not null) await shared.EndAsync(lead);
            await watchdogStop.CancelAsync();
            await watchdog;
            watchdogStop.Dispose();
            jobs.Remove(session);
            notifications.TranscodeEnded(item, session);
            session.Cancellation.Dispose();
            foreach (var file in sidecarFiles) await file.DisposeAsync();
            CacheFiles.DeleteFolder(jobFolder);
            signals.WakeConverters(); // a job's temp output no longer fills the cache quota
        }
    }

    /// <summary>
    /// Links (named by us, like the input) to the sidecar subtitles the plan keeps, each opened once and checked inside
    /// the sections like the source; null when one has gone or points outside the library.
    /// </summary>
    private Dictionary<int, string>? LinkSidecars(string jobFolder, PlaybackDecision decision, MediaFacts facts, List<FileStream> opened)
    {
        var links = new Dictionary<int, string>();
        foreach (var plan in decision.Streams.Where(s => s.Decision != StreamDecision.Ignore && s.SourceIndex >= SidecarSubtitles.FactsIndexBase))
        {
            if (facts.Streams.FirstOrDefault(s => s.Index == plan.SourceIndex)?.ExternalPath is not { } path) return null;
            var file = LibraryFiles.OpenInside(path, sections.Roots, out var refused);
            if (file is null)
            {
                logger.LogWarning("Subtitle {FilePath} not used: {Reason}", path, refused);
                return null;
            }
            opened.Add(file);
            var link = Path.Combine(jobFolder, $"subtitle-{links.Count}{Path.GetExtension(path)}");
            File.CreateSymbolicLink(link, LibraryFiles.HandlePath(file));
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

    /// <summary>
    /// Why the output cannot stand for the source: shorter than the source's duration (less the offset
    /// asked for) beyond a tolerance, or unreadable. Null when it is fine or cannot be checked.
    /// </summary>
    private async Task<string?> ShortOutputAsync(DownloadQueueItem item, MediaFacts source, string output)
    {
        var offset = DecisionRequestParser.TryParse(item.ReadParameters(), out var request, out _) ? request.Offset ?? 0 : 0;
        var expected = source.DurationMs / 1000.0 - offset;
        if (expected <= 0) return null;
        var probed = await MediaDuration.ReadAsync(options.Value.FfmpegPath, output, CancellationToken.None);
        if (probed.Unreadable is { } why) return $"the output cannot be read ({why})";
        if (probed.Seconds is not { } actual) return null;
        // ffmpeg's muxers end a few frames either side of the source; a real shortfall is far larger.
        var tolerance = Math.Max(1.0, expected * 0.05);
        return actual >= expected - tolerance ? null
            : string.Create(CultureInfo.InvariantCulture, $"output is {actual:0.0} s of {expected:0.0} s; the source may be truncated or corrupt");
    }
}
