using System.Threading.Channels;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;

namespace PlexQueueServer.Library;

/// <summary>
/// Scans every section at start (in the background, so the server answers at once), then rescans a
/// section about 2 s after its files stop changing.
/// </summary>
public sealed class LibraryWatcher(
    LibraryScanner scanner, LibrarySections sections, IOptions<LibraryOptions> options, Server.ServerReady ready, ILogger<LibraryWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Debounce = TimeSpan.FromSeconds(2);

    private readonly Channel<LibrarySection> changed = Channel.CreateUnbounded<LibrarySection>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<IDisposable> resources = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        await ready.WaitAsync(stoppingToken); // the scan writes to the database: migrated first
        // Watch before the first scan, so nothing copied meanwhile is missed.
        if (options.Value.Watch)
            foreach (var section in sections.All) Watch(section);
        await scanner.ScanAllAsync(stoppingToken);

        await foreach (var section in changed.Reader.ReadAllAsync(stoppingToken))
            await scanner.ScanAsync(section, stoppingToken);
    }

    private void Watch(LibrarySection section)
    {
        if (!Directory.Exists(section.Path)) return;
        try
        {
            // Each event pushes the timer back; it fires once the folder has been quiet for Debounce.
            var timer = new Timer(_ => changed.Writer.TryWrite(section), null, Timeout.Infinite, Timeout.Infinite);
            var watcher = new FileSystemWatcher(section.Path) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size };
            void Touch(object? sender, FileSystemEventArgs e) => timer.Change(Debounce, Timeout.InfiniteTimeSpan);
            watcher.Created += Touch;
            watcher.Changed += Touch;
            watcher.Deleted += Touch;
            watcher.Renamed += (s, e) => Touch(s, e);
            watcher.Error += (_, e) => logger.LogWarning(e.GetException(), "Watching section {SectionId} folder {SectionPath} failed", section.Id, section.Path);
            watcher.EnableRaisingEvents = true;
            resources.Add(watcher);
            resources.Add(timer);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            logger.LogWarning(ex, "Cannot watch section {SectionId} folder {SectionPath}", section.Id, section.Path);
        }
    }

    public override void Dispose()
    {
        foreach (var resource in resources) resource.Dispose();
        base.Dispose();
    }
}
