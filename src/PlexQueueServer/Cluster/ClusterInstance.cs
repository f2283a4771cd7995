using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using PlexQueueServer.Configuration;
using PlexQueueServer.Server;

namespace PlexQueueServer.Cluster;

/// <summary>
/// Who this instance is among several on one PostgreSQL queue (Database:Provider=Postgres), and what it runs.
/// With SQLite there is one instance, role all, and nothing here changes today's behaviour.
/// </summary>
public sealed partial class ClusterInstance
{
    public ClusterInstance(IOptions<ServerOptions> server, IOptions<DatabaseOptions> database, IOptions<TranscoderOptions> transcoder, IConfiguration configuration)
    {
        Provider = database.Value.Provider.Trim();
        IsPostgres = Provider.Equals("Postgres", StringComparison.OrdinalIgnoreCase) || Provider.Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase);
        Role = server.Value.Role.Trim().ToLowerInvariant();
        Name = NameFrom(server.Value);
        ConnectionString = configuration.GetConnectionString("Postgres") ?? "";
        LeaseDuration = transcoder.Value.LeaseDuration;
    }

    public string Provider { get; }
    public bool IsPostgres { get; }
    /// <summary>all, api or worker.</summary>
    public string Role { get; }
    public string Name { get; }
    public string ConnectionString { get; }
    public TimeSpan LeaseDuration { get; }
    /// <summary>Lease renewal and heartbeat period: a third of the lease, so two renewals may fail before it lapses.</summary>
    public TimeSpan RenewInterval => LeaseDuration / 3;

    /// <summary>This instance decides and converts (role all or worker).</summary>
    public bool RunsWorker => Role is "all" or "worker";

    /// <summary>Configured name, else host name + process id; only [A-Za-z0-9_.-] so it can name a folder.</summary>
    public static string NameFrom(ServerOptions server)
    {
        var name = string.IsNullOrWhiteSpace(server.InstanceName) ? $"{Environment.MachineName}-{Environment.ProcessId}" : server.InstanceName.Trim();
        name = UnsafeCharacters().Replace(name, "_");
        return name.Length > 100 ? name[..100] : name;
    }

    /// <summary>A setting this combination cannot run with: one line for the start-up log, or null.</summary>
    public string? Refusal()
    {
        if (!IsPostgres && !Provider.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return $"Database:Provider '{Provider}' is not Sqlite or Postgres.";
        if (Role is not ("all" or "api" or "worker")) return $"Server:Role '{Role}' is not all, api or worker.";
        if (!IsPostgres && Role != "all")
            return $"Server:Role '{Role}' needs Database:Provider=Postgres: with SQLite one server does everything (Server:Role=all).";
        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
            return "Database:Provider=Postgres needs ConnectionStrings:Postgres (e.g. Host=db;Database=plexqueue;Username=plex;Password=…).";
        return null;
    }

    [GeneratedRegex("[^A-Za-z0-9_.-]")]
    private static partial Regex UnsafeCharacters();
}
