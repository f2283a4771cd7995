using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace PlexQueueServer.Tests.Server;

/// <summary>The built server as a user starts it, with no configuration: its first-run log and a second start.</summary>
public sealed partial class FirstRunTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("plexqueue-firstrun-").FullName;

    [Fact]
    public async Task A_first_run_logs_the_data_folder_the_admin_token_once_and_the_swagger_ui_address()
    {
        var port = FreePort();
        string token;
        using (var first = await StartAsync(port))
        {
            var log = first.Log;
            var generated = TokenLine().Match(log);
            Assert.True(generated.Success, "no generated admin token in:\n" + log);
            token = generated.Groups[1].Value;
            Assert.Equal(token, (await File.ReadAllTextAsync(Path.Combine(_folder, "data", "token"))).Trim());
            Assert.Contains($"Database {Path.Combine(_folder, "data", "plexqueue.db")}", log);
            Assert.Contains($"Swagger UI at http://127.0.0.1:{port}/swagger", log);

            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/downloadQueue/1")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/?X-Plex-Token={token}")).StatusCode);
        }

        using var second = await StartAsync(port);
        Assert.DoesNotContain(token, second.Log); // printed once, at creation
        Assert.Contains($"Swagger UI at http://127.0.0.1:{port}/swagger", second.Log);
    }

    private async Task<RunningServer> StartAsync(int port)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "PlexQueueServer.dll"), "--urls", $"http://127.0.0.1:{port}" })
            start.ArgumentList.Add(arg);
        start.Environment.Remove("ASPNETCORE_ENVIRONMENT");
        var server = new RunningServer(Process.Start(start)!);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        // Kestrel listens first (Swagger UI line); the database line follows once it is migrated and the token made.
        while (!server.Log.Contains("Swagger UI at", StringComparison.Ordinal) || !server.Log.Contains("; token file (if generated)", StringComparison.Ordinal))
        {
            if (server.Process.HasExited || DateTime.UtcNow > deadline)
                Assert.Fail("The server did not start:\n" + server.Log);
            await Task.Delay(100);
        }
        return server;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [GeneratedRegex("generated admin token ([0-9a-f]{32})")]
    private static partial Regex TokenLine();

    private sealed class RunningServer : IDisposable
    {
        private readonly StringBuilder _log = new();

        public RunningServer(Process process)
        {
            Process = process;
            process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public Process Process { get; }

        public string Log { get { lock (_log) return _log.ToString(); } }

        public void Dispose()
        {
            if (!Process.HasExited) Process.Kill(entireProcessTree: true);
            Process.WaitForExit(10_000);
            Process.Dispose();
        }
    }
}
