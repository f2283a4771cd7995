using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>The built server run as its own OS process on a loopback port, so a test can SIGKILL it for real.</summary>
public sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string BaseUrl { get; }
    public int Pid => _process.Id;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Everything the server printed (console logs), for assertions and failure messages.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <param name="flags">Bare switches such as --demo-library.</param>
    public static async Task<ServerProcess> StartAsync(string workingDirectory, IDictionary<string, string> settings, params string[] flags)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "PlexQueueServer.dll"); // copied next to the tests by the project reference
        var baseUrl = $"http://127.0.0.1:{FreePort()}";
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory, UseShellExecute = false,
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add(baseUrl);
        foreach (var (key, value) in settings) info.ArgumentList.Add($"--{key}={value}");
        foreach (var flag in flags) info.ArgumentList.Add(flag);
        info.Environment["Logging__Console__FormatterName"] = "simple";
        var process = Process.Start(info)!;
        var server = new ServerProcess(process, baseUrl);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try { await server.WaitUntilListeningAsync(); }
        catch
        {
            server.Dispose(); // never leave a server that did not come up running after the test
            throw;
        }
        return server;
    }

    /// <summary>Starts the server expecting it to give up at start: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(string workingDirectory, IDictionary<string, string> settings, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PlexQueueServer.dll"));
        info.ArgumentList.Add("--urls");
        info.ArgumentList.Add($"http://127.0.0.1:{FreePort()}");
        foreach (var (key, value) in settings) info.ArgumentList.Add($"--{key}={value}");
        info.Environment["Logging__Console__FormatterName"] = "simple";
        using var process = Process.Start(info)!;
        var server = new ServerProcess(process, "");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try { await process.WaitForExitAsync(limit.Token); }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The server was still running after {timeout}: {server.Output}");
        }
        return (process.ExitCode, server.Output);
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilListeningAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180); // a cold start of several processes on two busy cores
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"Server exited with {_process.ExitCode}: {Output}");
            try
            {
                // /identity answers as soon as Kestrel listens; any other route waits until the database is migrated
                // and interrupted work recovered, so /health returning (whatever its status) means the server is ready.
                if ((await http.GetAsync("/identity")).StatusCode == HttpStatusCode.OK) { await http.GetAsync("/health"); return; }
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Server never answered /identity: {Output}");
    }

    public HttpClient CreateClient(string token, string clientIdentifier)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("X-Plex-Token", token);
        client.DefaultRequestHeaders.Add("X-Plex-Client-Identifier", clientIdentifier);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    /// <summary>SIGKILL to the server alone: its ffmpeg children are orphaned, as in a real crash.</summary>
    public void KillNine()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        KillNine();
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Live (not zombie) ffmpeg processes whose arguments name a path under the folder.</summary>
    public static List<(int Pid, string StartTime)> FfmpegUnder(string folder)
    {
        var found = new List<(int, string)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                if (args.Length == 0 || !Path.GetFileName(args[0]).StartsWith("ffmpeg", StringComparison.Ordinal)) continue;
                if (!args.Any(a => a.StartsWith(folder, StringComparison.Ordinal))) continue;
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[0] == "Z") continue; // a zombie has ended; only its exit status is left for a reaper
                found.Add((pid, fields[19])); // field 22 of stat: start time, tells a reused pid apart
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
