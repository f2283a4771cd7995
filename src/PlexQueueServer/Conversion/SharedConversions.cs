using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PlexQueueServer.Configuration;
using PlexQueueServer.Library;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Conversion;

/// <summary>
/// One ffmpeg run for every item that wants the same output. The conversion key hashes the source as opened (real path,
/// size, modification time; sidecars alike) and the ffmpeg plan without the job's paths (so container, caps, preset and
/// hardware are in it). An item about to convert, in any queue of any user: links the file of an available item with
/// its key (a hard link: deleting either item unlinks only its own name); else follows the job converting that key
/// (its own TranscodeSession shows the leader's progress) and links when it completes, fails with the leader's error
/// when the source or ffmpeg failed, and converts itself when the leader was deleted or restarted; else leads.
/// A restarted item (Attempt > 0) never reuses: a restart converts afresh, for that item only.
/// </summary>
public sealed class SharedConversions(IServiceScopeFactory scopes, ResolvedPaths paths, ILogger<SharedConversions> logger)
{
    private readonly ConcurrentDictionary<string, Lead> _leads = new(StringComparer.Ordinal);
    private int _ffmpegRuns;

    private readonly ConcurrentDictionary<int, int> _runsByItem = new();

    /// <summary>ffmpeg processes this server has started for conversions (a hardware retry counts again).</summary>
    public int FfmpegRuns => Volatile.Read(ref _ffmpegRuns);

    /// <summary>ffmpeg processes started for one item (all its attempts).</summary>
    public int FfmpegRunsFor(int itemId) => _runsByItem.GetValueOrDefault(itemId);

    public void CountFfmpegRun(int itemId)
    {
        Interlocked.Increment(ref _ffmpegRuns);
        _runsByItem.AddOrUpdate(itemId, 1, (_, n) => n + 1);
    }

    /// <summary>The job converting a key: its progress is forwarded to every follower's session.</summary>
    public sealed class Lead(string key, int itemId, int attempt)
    {
        // Each follower's session, and what tells its listeners (push) that it moved.
        private readonly ConcurrentDictionary<TranscodeSession, Action> _followers = new();
        private TimeSpan _processed;
        private long _size;
        public string Key => key;
        public int ItemId => itemId;
        public int Attempt => attempt;
        /// <summary>Set when the leader's job has ended: its error (word, reason) when the source or ffmpeg failed, else null.</summary>
        internal TaskCompletionSource<(string Error, string Reason)?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Report(TimeSpan processed, long size)
        {
            _processed = processed;
            _size = size;
            foreach (var (follower, moved) in _followers) { Mirror(follower); moved(); }
        }

        internal void Follow(TranscodeSession session, Action moved) { _followers[session] = moved; Mirror(session); }
        internal void Unfollow(TranscodeSession session) => _followers.TryRemove(session, out _);

        private void Mirror(TranscodeSession session)
        {
            if (_processed > TimeSpan.Zero) session.Report(_processed);
            session.Size = _size;
        }
    }

    /// <summary>The conversion key: source identity as opened, sidecars' identities, and the plan with job paths removed.</summary>
    public static string KeyFor(FileStream source, IEnumerable<FileStream> sidecars, string container, string arguments, string jobFolder)
    {
        var text = new StringBuilder();
        foreach (var file in sidecars.Prepend(source))
        {
            var real = LibraryFiles.RealPathOf(file) ?? file.Name;
            text.Append(real).Append('\n').Append(file.Length).Append('\n')
                .Append(File.GetLastWriteTimeUtc(file.SafeFileHandle).Ticks).Append('\n');
        }
        text.Append(container).Append('\n').Append(arguments.Replace(jobFolder, "", StringComparison.Ordinal));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Before ffmpeg: link, follow or lead. Handled = the item is done here (available, error, or superseded/stopping);
    /// otherwise the caller converts, reporting progress to <c>Lead</c> (null: unshared) and ending it with EndAsync.
    /// </summary>
    public async Task<(bool Handled, Lead? Lead)> JoinAsync(DownloadQueueItem item, string key, string extension,
        TranscodeSession session, ItemLifecycle lifecycle, Action moved)
    {
        var ct = session.Cancellation.Token;
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
                await db.Items.Where(i => i.Id == item.Id && i.Attempt == item.Attempt)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.ConversionKey, key), ct);
            }
            if (item.Attempt > 0) // restarted: its own ffmpeg; it leads others only when nobody converts this key yet
            {
                var own = new Lead(key, item.Id, item.Attempt);
                return (false, _leads.TryAdd(key, own) ? own : null);
            }
            while (true)
            {
                if (await TryLinkAvailableAsync(item, key, extension, lifecycle, ct)) return (true, null);
                var mine = new Lead(key, item.Id, item.Attempt);
                var lead = _leads.GetOrAdd(key, mine);
                if (lead == mine)
                {
                    // A leader may have finished between the lookup and the registration.
                    bool linked;
                    try { linked = await TryLinkAvailableAsync(item, key, extension, lifecycle, ct); }
                    catch { End(mine, null); throw; } // never leave a registration no job stands behind
                    if (!linked) return (false, mine);
                    End(mine, null);
                    return (true, null);
                }
                logger.LogInformation("Item {ItemId}: same source and plan as item {LeaderId}, which is converting; following it", item.Id, lead.ItemId);
                lead.Follow(session, moved);
                (string Error, string Reason)? failed;
                try { failed = await lead.Ended.Task.WaitAsync(ct); }
                finally { lead.Unfollow(session); }
                if (failed is { } f)
                {
                    logger.LogWarning("Item {ItemId}: item {LeaderId} it followed failed; so does it", item.Id, lead.ItemId);
                    await lifecycle.FailAsync(item, f.Error == ItemError.SourceMissing.ToPlex() ? ItemError.SourceMissing : ItemError.TranscodeError,
                        f.Reason, CancellationToken.None);
                    return (true, null);
                }
                // Completed (the link is next round's lookup), or deleted, restarted or stopping: look again.
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return (true, null); // this item was deleted or restarted (the lifecycle updated it), or the server stops
        }
        catch (System.Data.Common.DbException ex)
        {
            // A busy or locked database must not cost the download: convert, unshared.
            logger.LogWarning("Item {ItemId}: shared-conversion lookup failed ({Error}); converting on its own", item.Id, ex.Message.ReplaceLineEndings(" "));
            return (false, null);
        }
    }

    /// <summary>After the leader's job: followers learn its outcome from its row (error → the same error; else look again).</summary>
    public async Task EndAsync(Lead lead)
    {
        (string, string)? failed = null;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            var row = await db.Items.AsNoTracking().Where(i => i.Id == lead.ItemId)
                .Select(i => new { i.Attempt, i.Status, i.Error, i.ErrorReason }).FirstOrDefaultAsync();
            if (row is { Status: ItemStatus.Error } && row.Attempt == lead.Attempt)
                failed = (row.Error ?? ItemError.TranscodeError.ToPlex(), row.ErrorReason ?? "The conversion failed.");
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException)
        {
            logger.LogWarning(ex, "Item {ItemId}: could not read how its conversion ended; followers convert themselves", lead.ItemId);
        }
        End(lead, failed);
    }

    private void End(Lead lead, (string, string)? failed)
    {
        _leads.TryRemove(new KeyValuePair<string, Lead>(lead.Key, lead)); // first, so a follower looking again can lead
        lead.Ended.TrySetResult(failed);
    }

    /// <summary>Links an available sibling's converted file as this item's own and completes the item; false when there is none.</summary>
    private async Task<bool> TryLinkAvailableAsync(DownloadQueueItem item, string key, string extension, ItemLifecycle lifecycle, CancellationToken ct)
    {
        List<(int Id, string Path)> siblings;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PlexDbContext>();
            siblings = (await db.Items.AsNoTracking()
                .Where(i => i.ConversionKey == key && i.Status == ItemStatus.Available && !i.MediaIsOriginal && i.MediaPath != null && i.Id != item.Id)
                .OrderByDescending(i => i.AvailableAt).Select(i => new { i.Id, i.MediaPath }).Take(3).ToListAsync(ct))
                .Select(s => (s.Id, s.MediaPath!)).ToList();
        }
        var final = Path.Combine(paths.CachePath, $"{item.Id}-{item.Attempt}.{extension}");
        foreach (var (id, path) in siblings)
        {
            // Only a file of our own cache, never anything a row might name elsewhere.
            if (LibraryFiles.RealPath(path) is not { } real || !LibraryFiles.IsInside(real, LibraryFiles.RealPath(paths.CachePath) ?? paths.CachePath)) continue;
            if (!HardLinks.TryCreate(real, final, out var errno))
            {
                logger.LogInformation("Item {ItemId}: cannot link item {SiblingId}'s file (errno {Errno}); trying another or converting", item.Id, id, errno);
                continue;
            }
            logger.LogInformation("Item {ItemId} queue {QueueId} key {Key}: same source and plan as item {SiblingId}; its converted file reused, no ffmpeg",
                item.Id, item.QueueId, item.Key, id);
            await lifecycle.CompleteAsync(item, final, CancellationToken.None); // deleted or restarted meanwhile: it removes the link
            return true;
        }
        return false;
    }
}
