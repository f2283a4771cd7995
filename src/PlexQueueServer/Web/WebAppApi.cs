using PlexQueueServer.Library;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;
using PlexQueueServer.Queue;

namespace PlexQueueServer.Web;

// What the web app needs beyond the Plex API: who is signed in, and the admin view. One model for XML and JSON.

public sealed record AccountContainer(WebAccount MediaContainer);

/// <summary>The signed-in user and their queues (one per device's client identifier), which the Plex API cannot list.</summary>
public sealed record WebAccount(int Size, string Name, bool Admin, [property: JsonPropertyName("DownloadQueue")] IReadOnlyList<DownloadQueueDto> DownloadQueue);

public sealed record AdminContainer(AdminSummary MediaContainer);

public sealed record AdminSummary
{
    public int Size { get; init; } = 1;
    public long CacheUsed { get; init; }
    /// <summary>Transcoder:CacheLimit in bytes; 0 = unlimited.</summary>
    public long CacheLimit { get; init; }
    public int MaxConcurrent { get; init; }
    [JsonPropertyName("Account")] public required IReadOnlyList<AdminAccount> Account { get; init; }
    [JsonPropertyName("TranscodeJob")] public required IReadOnlyList<AdminJob> TranscodeJob { get; init; }
    /// <summary>The last 24 hours, oldest first: conversions that finished in each hour.</summary>
    [JsonPropertyName("Hour")] public required IReadOnlyList<AdminHour> Hour { get; init; }
    /// <summary>PostgreSQL only: the live instances and the items each converts (absent on one SQLite server).</summary>
    [JsonPropertyName("Instance")] public IReadOnlyList<AdminInstance>? Instance { get; init; }
}

public sealed record AdminAccount(int Id, string Name, [property: JsonPropertyName("DownloadQueue")] IReadOnlyList<AdminQueue> DownloadQueue);

public sealed record AdminQueue(int Id, string ClientIdentifier, int ItemCount, string Status, int Processing, int Waiting, int Available, int Error);

public sealed record AdminJob(int QueueId, int ItemId, string Account, string? Title, double Progress, double? Speed, int? Remaining);

public sealed record AdminHour(long At, int Conversions);

public sealed record AdminInstance(string Name, [property: JsonPropertyName("role")] string Role, long HeartbeatAt, IReadOnlyList<int> RunningJobs);

public static class WebAppApi
{
    private const int MaxJobs = 200;

    public static IServiceCollection AddWebApp(this IServiceCollection services) => services.AddSingleton<MediaLinkSigner>();

    public static IEndpointRouteBuilder MapWebAppApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/web/api/account", GetAccount).ExcludeFromDescription();
        routes.MapGet("/web/api/admin", GetAdmin).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> GetAccount(HttpContext context, PlexDbContext db, DownloadQueueService queues, CancellationToken ct)
    {
        var user = context.PlexUser();
        var owned = await db.Queues.AsNoTracking().Where(q => q.AccountId == user.AccountId).OrderBy(q => q.Id).ToListAsync(ct);
        var dtos = new List<DownloadQueueDto>();
        foreach (var queue in owned) dtos.Add(await queues.ToDtoAsync(queue, ct));
        return PlexResults.Ok(new AccountContainer(new WebAccount(1, user.Name, user.Admin, dtos)));
    }

    private static async Task<IResult> GetAdmin(HttpContext context, PlexDbContext db, TranscodeJobs jobs, ResolvedPaths paths,
        Cluster.ClusterInstance cluster, IOptions<TranscoderOptions> transcoder, CancellationToken ct)
    {
        if (!context.PlexUser().Admin) return PlexResults.Error(StatusCodes.Status403Forbidden, "The admin view is for admin users only.");

        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct);
        var queues = await db.Queues.AsNoTracking().OrderBy(q => q.Id).ToListAsync(ct);
        var counts = (await db.Items.AsNoTracking().GroupBy(i => new { i.QueueId, i.Status })
            .Select(g => new { g.Key.QueueId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(c => c.QueueId);
        AdminQueue ToQueue(DownloadQueue q)
        {
            var byStatus = counts[q.Id].ToDictionary(c => c.Status, c => c.Count);
            int Count(params ItemStatus[] statuses) => statuses.Sum(s => byStatus.GetValueOrDefault(s));
            return new AdminQueue(q.Id, q.ClientIdentifier, byStatus.Values.Sum(), QueueStatus.Derive(byStatus.Keys.ToList()),
                Count(ItemStatus.Processing), Count(ItemStatus.Deciding, ItemStatus.Waiting), Count(ItemStatus.Available), Count(ItemStatus.Error));
        }
        var names = accounts.ToDictionary(a => a.Id, a => a.Name);

        var running = await db.Items.AsNoTracking().Where(i => i.Status == ItemStatus.Processing).OrderBy(i => i.Id).Take(MaxJobs)
            .Select(i => new { i.Id, i.QueueId, i.Title, i.Key, i.Attempt, i.Queue!.AccountId }).ToListAsync(ct);
        var jobList = running.Select(i =>
        {
            var session = jobs.Find(i.Id, i.Attempt);
            return new AdminJob(i.QueueId, i.Id, names.GetValueOrDefault(i.AccountId, "?"), i.Title ?? i.Key,
                Math.Round(session?.Progress ?? 0, 1), session?.Speed, session?.RemainingSeconds);
        }).ToList();

        // Whole hours, so the chart's bars line up with the clock.
        var now = DateTime.UtcNow;
        var firstHour = new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc).AddHours(-23);
        var finished = await db.Items.AsNoTracking().Where(i => !i.MediaIsOriginal && i.AvailableAt != null && i.AvailableAt >= firstHour)
            .Select(i => i.AvailableAt!.Value).ToListAsync(ct);
        var hours = Enumerable.Range(0, 24).Select(h => firstHour.AddHours(h)).Select(start => new AdminHour(
            new DateTimeOffset(start).ToUnixTimeSeconds(), finished.Count(at => at >= start && at < start.AddHours(1)))).ToList();

        var (instances, _) = await Cluster.ClusterHealth.CheckAsync(db, cluster, paths, ct);

        return PlexResults.Ok(new AdminContainer(new AdminSummary
        {
            CacheUsed = CacheFiles.UsedBytes(paths),
            CacheLimit = Math.Max(0, transcoder.Value.CacheLimitBytes),
            MaxConcurrent = transcoder.Value.MaxConcurrent,
            Account = accounts.Select(a => new AdminAccount(a.Id, a.Name, queues.Where(q => q.AccountId == a.Id).Select(ToQueue).ToList())).ToList(),
            TranscodeJob = jobList,
            Hour = hours,
            Instance = instances?.Select(i => new AdminInstance(i.Name, i.Role, MetadataMapper.Unix(i.HeartbeatAt), i.RunningJobs)).ToList(),
        }));
    }
}
