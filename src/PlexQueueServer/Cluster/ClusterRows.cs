namespace PlexQueueServer.Cluster;

/// <summary>A running instance of the server (PostgreSQL only): its heartbeat and what it converts, for /health.</summary>
public sealed class ServerInstance
{
    public string Name { get; set; } = "";
    public string Role { get; set; } = "all";
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
    /// <summary>Item ids this instance converts right now, comma-separated.</summary>
    public string RunningJobs { get; set; } = "";
}

/// <summary>A value every instance must share (machine identifier, generated admin token), stored once in the database.</summary>
public sealed class ServerSetting
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}
