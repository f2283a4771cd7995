namespace PlexQueueServer.Queue;

/// <summary>One queue per (account, X-Plex-Client-Identifier); "" is the account's default queue.</summary>
public sealed class DownloadQueue
{
    public int Id { get; set; }
    public int AccountId { get; set; }
    public string ClientIdentifier { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public List<DownloadQueueItem> Items { get; set; } = [];
}
