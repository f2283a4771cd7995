using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PlexQueueServer.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL from Debian's postgresql package: initdb + pg_ctl in a temporary folder on a free loopback
/// port, as an unprivileged user when the tests run as root (initdb refuses root). One per test run, started on first
/// use and stopped (immediate) and deleted when the test process exits; each test class takes a fresh database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Instance = new(() => new PostgresServer());
    public static PostgresServer Shared => Instance.Value;

    private readonly string _bin;
    private readonly string _root;
    private readonly string? _runAs;
    public int Port { get; }
    public string DataFolder => Path.Combine(_root, "data");

    private PostgresServer()
    {
        _bin = FindBinaries();
        _runAs = Environment.UserName == "root" ? UnprivilegedUser() : null;
        StopLeftovers();
        _root = Path.Combine(Path.GetTempPath(), "plexqueue-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_root);
        File.WriteAllText(Path.Combine(_root, "owner.pid"), Environment.ProcessId.ToString());
        Port = FreePort();
        if (_runAs is not null) Run("chown", ["-R", _runAs, _root]);
        Run(Path.Combine(_bin, "initdb"), ["-D", DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], _runAs);
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "-l", Path.Combine(_root, "postgres.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start"], _runAs);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=30;Timeout=15";

    /// <summary>A new empty database; its connection string.</summary>
    public string CreateDatabase()
    {
        var name = "plexqueue_" + Guid.NewGuid().ToString("N")[..12];
        using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        connection.Open();
        using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        return ConnectionString(name);
    }

    /// <summary>Servers of earlier test runs whose test process is gone (ProcessExit does not always run): stopped and deleted.</summary>
    private void StopLeftovers()
    {
        foreach (var dir in Directory.GetDirectories(Path.GetTempPath(), "plexqueue-pg-*"))
        {
            var owner = Path.Combine(dir, "owner.pid");
            if (File.Exists(owner) && int.TryParse(File.ReadAllText(owner).Trim(), out var pid) && Directory.Exists($"/proc/{pid}")) continue;
            // No owner file: made by an older fixture, perhaps still running in another test process; only when old.
            if (!File.Exists(owner) && DateTime.UtcNow - Directory.GetLastWriteTimeUtc(dir) < TimeSpan.FromHours(1)) continue;
            if (File.Exists(Path.Combine(dir, "data", "postmaster.pid")))
                try { Run(Path.Combine(_bin, "pg_ctl"), ["-D", Path.Combine(dir, "data"), "stop", "-m", "immediate", "-w"], _runAs); } catch (Exception) { }
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private void Stop()
    {
        try { Run(Path.Combine(_bin, "pg_ctl"), ["-D", DataFolder, "stop", "-m", "immediate", "-w"], _runAs); } catch (Exception) { }
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static string FindBinaries()
    {
        var found = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install postgresql");
    }

    /// <summary>Debian's postgres user when the package made it, else a system user of our own.</summary>
    private static string UnprivilegedUser()
    {
        foreach (var user in new[] { "postgres", "plexqueue-pg" })
            if (File.ReadAllLines("/etc/passwd").Any(l => l.StartsWith(user + ":", StringComparison.Ordinal))) return user;
        Run("useradd", ["-r", "-M", "-s", "/usr/sbin/nologin", "plexqueue-pg"]);
        return "plexqueue-pg";
    }

    private static void Run(string file, string[] args, string? user = null)
    {
        var info = new ProcessStartInfo(user is null ? file : "runuser") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (user is not null) { info.ArgumentList.Add("-u"); info.ArgumentList.Add(user); info.ArgumentList.Add("--"); info.ArgumentList.Add(file); }
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(120_000)) { process.Kill(true); throw new TimeoutException($"{file} did not finish"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {stdout.Result} {stderr.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
