namespace PlexQueueServer.Queue;

public enum ItemStatus { Deciding, Waiting, Processing, Available, Error, Expired }

public sealed class DownloadQueueItem
{
    public int Id { get; set; }
    public int QueueId { get; set; }
    public DownloadQueue? Queue { get; set; }
    /// <summary>The key exactly as the client sent it (clients find their item by it).</summary>
    public string Key { get; set; } = "";
    public int RatingKey { get; set; }
    /// <summary>Canonical JSON of the request's transcode parameters: dedupe key and restart input.</summary>
    public string Parameters { get; set; } = "{}";
    public ItemStatus Status { get; set; }
    /// <summary>Plex error word (decisionError, transcodeError, sourceMissing); null unless status is error.</summary>
    public string? Error { get; set; }
    public string? ErrorReason { get; set; }
    /// <summary>JSON of the DecisionResult and plan; null while deciding.</summary>
    public string? Decision { get; set; }
    /// <summary>Bumped by restart and delete so a finishing job can tell it was superseded.</summary>
    public int Attempt { get; set; }
    /// <summary>File served by the media route: the original for direct play, else the converted file.</summary>
    public string? MediaPath { get; set; }
    public bool MediaIsOriginal { get; set; }
    public string? MediaContainer { get; set; }
    public DateTime AddedAt { get; set; }
    public DateTime? AvailableAt { get; set; }
    /// <summary>Download name for Content-Disposition ("Title (Year)"), set when decided.</summary>
    public string? Title { get; set; }
}
