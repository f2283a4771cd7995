namespace PlexQueueServer.Queue;

public static class QueueStatus
{
    /// <summary>Plex's item status words.</summary>
    public static string ToPlex(this ItemStatus status) => status switch
    {
        ItemStatus.Deciding => "deciding",
        ItemStatus.Waiting => "waiting",
        ItemStatus.Processing => "processing",
        ItemStatus.Available => "available",
        ItemStatus.Error => "error",
        _ => "expired",
    };

    /// <summary>Queue status from its items: processing > deciding > waiting > error > done (done when empty).</summary>
    public static string Derive(IReadOnlyCollection<ItemStatus> statuses) =>
        statuses.Contains(ItemStatus.Processing) ? "processing"
        : statuses.Contains(ItemStatus.Deciding) ? "deciding"
        : statuses.Contains(ItemStatus.Waiting) ? "waiting"
        : statuses.Contains(ItemStatus.Error) ? "error"
        : "done";
}
