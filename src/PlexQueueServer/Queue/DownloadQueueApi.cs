using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using PlexQueueServer.Auth;
using PlexQueueServer.Configuration;
using PlexQueueServer.Http;
using PlexQueueServer.Persistence;
using PlexQueueServer.Transcoder;

namespace PlexQueueServer.Queue;

public static class DownloadQueueApi
{
    public static IServiceCollection AddDownloadQueue(this IServiceCollection services)
    {
        services.AddOptions<QueueOptions>().BindConfiguration("Queue").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<TranscodeJobs>();
        services.AddSingleton<QueueSignals>();
        services.AddSingleton<QueueOwners>();
        services.AddSingleton<ItemListCache>();
        services.AddScoped<ItemLifecycle>();
        services.AddScoped<DownloadQueueService>();
        services.AddScoped<DecisionDocumentBuilder>();
        return services;
    }

    public static IEndpointRouteBuilder MapDownloadQueue(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/downloadQueue").WithTags("Download Queue");
        group.MapPost("/", CreateQueue).WithName("createDownloadQueue").WithSummary("Create download queue")
            .WithDescription("Creates a download queue for this client if one doesn't exist, or returns the existing queue for this client and user.");
        // Every route below names a queue: the filter answers 404 unless this user owns it, before the handler runs.
        var queue = group.MapGroup("/{queueId}").AddEndpointFilter(RequireOwnedQueue);
        queue.MapGet("", GetQueue).WithName("getDownloadQueue").WithSummary("Get a download queue");
        queue.MapPost("/add", AddItems).WithName("addDownloadQueueItems").WithSummary("Add to download queue");
        queue.MapGet("/items", ListItems).WithName("listDownloadQueueItems").WithSummary("Get download queue items");
        queue.MapGet("/items/{itemId}", GetItems).WithName("getDownloadQueueItems").WithSummary("Get download queue items");
        queue.MapDelete("/items/{itemId}", RemoveItems).WithName("removeDownloadQueueItems").WithSummary("Delete download queue items");
        queue.MapPost("/items/{itemId}/restart", RestartItems).WithName("restartProcessingDownloadQueueItems")
            .WithSummary("Restart processing of items from the decision");
        queue.MapGet("/item/{itemId}/decision", GetDecision).WithName("getItemDecision").WithSummary("Grab download queue item decision");
        return routes;
    }

    /// <summary>The queue named by the route, owned by this user (set by RequireOwnedQueue).</summary>
    private static DownloadQueue OwnedQueue(this HttpContext context) =>
        context.Items[typeof(DownloadQueue)] as DownloadQueue ?? throw new InvalidOperationException("Route ran without its queue filter.");

    private static async ValueTask<object?> RequireOwnedQueue(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        // The handlers bind queueId as an int, so a malformed one was already answered 400.
        var queueId = int.Parse((string)context.GetRouteValue("queueId")!, System.Globalization.CultureInfo.InvariantCulture);
        var queues = context.RequestServices.GetRequiredService<DownloadQueueService>();
        var queue = await queues.FindOwnedAsync(context.PlexUser(), queueId, context.RequestAborted);
        if (queue is null) return PlexResults.NotFound($"No download queue {queueId} for this user.");
        context.Items[typeof(DownloadQueue)] = queue;
        return await next(invocation);
    }

    private static async Task<IResult> CreateQueue(HttpContext context, DownloadQueueService queues, CancellationToken ct)
    {
        // Some generated SDKs send no client identifier here: they get the account's default queue.
        var queue = await queues.GetOrCreateAsync(context.PlexUser(), context.Request.ClientIdentifier(), ct);
        return PlexResults.Ok(new QueueContainer(new QueueList(1, [await queues.ToDtoAsync(queue, ct)])));
    }

    private static async Task<IResult> GetQueue(int queueId, HttpContext context, DownloadQueueService queues, CancellationToken ct) =>
        PlexResults.Ok(new QueueContainer(new QueueList(1, [await queues.ToDtoAsync(context.OwnedQueue(), ct)])));

    private static async Task<IResult> AddItems(int queueId, HttpContext context, DownloadQueueService queues,
        IOptions<QueueOptions> options, PlexDbContext db, CancellationToken ct)
    {
        if (!AddRequest.TryRead(context.Request, options.Value.MaxKeysPerAdd, out var parsed, out var error))
            return PlexResults.BadRequest(error);
        var (request, tooMany) = await ContainerKeys.ExpandAsync(parsed, db, options.Value.MaxKeysPerAdd, ct);
        if (request is null) return PlexResults.BadRequest(tooMany!);
        var (added, refused) = await queues.AddAsync(context.OwnedQueue(), request, ct);
        if (added is null) return PlexResults.Error(StatusCodes.Status429TooManyRequests, refused!);
        return PlexResults.Ok(new AddedContainer(new AddedList(added.Count, added)));
    }

    private static async Task<IResult> ListItems(int queueId, HttpContext context, TranscodeJobs jobs, ItemListCache cache, CancellationToken ct)
    {
        if (!Paging.TryRead(context.Request, out var paging, out var error)) return PlexResults.BadRequest(error);
        // From memory while the queue is unchanged, else one compiled query: the page's columns and the total (ItemListQuery.cs).
        var (rows, total) = await ItemListQuery.PageAsync(context.RequestServices.GetRequiredService<PlexDbContext>, cache, queueId, paging.Start, paging.Size is { } size ? Math.Min(size, Paging.MaxSize) : null, ct);
        paging.WriteHeaders(context.Response, total);
        var dtos = rows.Count == 0 ? null : rows.Select(r => ItemListQuery.ToDto(r, jobs)).ToList();
        return PlexResults.Ok(new ItemsContainer(new ItemList(rows.Count, paging.Start, total, dtos)));
    }

    private static async Task<IResult> GetItems(int queueId, string itemId, DownloadQueueService queues, CancellationToken ct)
    {
        if (!IdList.TryParse(itemId, out var ids, out var error)) return PlexResults.BadRequest(error);
        var items = await queues.FindItemsAsync(queueId, ids, ct);
        if (items.Count == 0) return PlexResults.NotFound($"No items {IdList.Truncate(itemId)} in queue {queueId}.");
        return PlexResults.Ok(new ItemsContainer(new ItemList(items.Count, null, null, ToDtos(items, queues))));
    }

    private static async Task<IResult> RemoveItems(int queueId, string itemId, ItemLifecycle lifecycle)
    {
        if (!IdList.TryParse(itemId, out var ids, out var error)) return PlexResults.BadRequest(error);
        // Not the request's token: a client that hangs up mid-delete must not leave a half-deleted set.
        var removed = await lifecycle.DeleteAsync(queueId, ids, CancellationToken.None);
        return removed == 0 ? PlexResults.NotFound($"No items {IdList.Truncate(itemId)} in queue {queueId}.") : PlexResults.EmptyOk();
    }

    private static async Task<IResult> RestartItems(int queueId, string itemId, ItemLifecycle lifecycle)
    {
        if (!IdList.TryParse(itemId, out var ids, out var error)) return PlexResults.BadRequest(error);
        var restarted = await lifecycle.RestartAsync(queueId, ids, CancellationToken.None);
        return restarted == 0 ? PlexResults.NotFound($"No items {IdList.Truncate(itemId)} in queue {queueId}.") : PlexResults.EmptyOk();
    }

    private static async Task<IResult> GetDecision(int queueId, int itemId, DownloadQueueService queues,
        DecisionDocumentBuilder documents, CancellationToken ct)
    {
        var item = (await queues.FindItemsAsync(queueId, [itemId], ct)).FirstOrDefault();
        if (item is null) return PlexResults.NotFound($"No item {itemId} in queue {queueId}.");
        var decision = item.ReadDecision();
        if (decision is null) return PlexResults.BadRequest($"Item {itemId} is still deciding; ask again shortly.");
        return PlexResults.Ok(await documents.BuildAsync(item.RatingKey, decision, $"{item.Id}-{item.Attempt}", ct));
    }

    private static List<DownloadQueueItemDto>? ToDtos(List<DownloadQueueItem> items, DownloadQueueService queues) =>
        items.Count == 0 ? null : items.Select(queues.ToDto).ToList();
}
