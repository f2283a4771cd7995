namespace PlexQueueServer.Auth;

/// <summary>A user known by name; its Id is the queue's owner. Tokens live in configuration, never here.</summary>
public sealed class Account
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}
