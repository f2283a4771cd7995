// 50 concurrent Plex clients against a real server process on 127.0.0.1: each creates its queue, adds items
// (direct play mostly, some conversions), polls and downloads. Bounded: clients stop adding after
// `seconds` (default 45), then everything must settle within 15 s. Exit code 0 only with 0 errors and all items terminal.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

var serverDll = args.Length > 0 ? args[0] : throw new ArgumentException("usage: LoadTest <PlexQueueServer.dll> [seconds] [clients]");
var seconds = Math.Min(args.Length > 1 ? int.Parse(args[1]) : 45, 45);
var clients = args.Length > 2 ? int.Parse(args[2]) : 50;
const string Token = "load-token-0123456789";

var root = Path.Combine(Path.GetTempPath(), "plexqueue-load-" + Guid.NewGuid().ToString("N")[..8]);
var movies = Path.Combine(root, "movies");
Directory.CreateDirectory(movies);
for (var i = 1; i <= 4; i++)
    Ffmpeg($"-f lavfi -i testsrc2=size=160x120:rate=25:duration=2 -f lavfi -i sine=frequency={300 + i * 100}:duration=2 -c:v libx264 -preset ultrafast " +
           $"-pix_fmt yuv420p -c:a aac -b:a 64k -shortest -movflags +faststart \"{Path.Combine(movies, $"Direct {i} (2020).mp4")}\"");
Ffmpeg($"-f lavfi -i testsrc2=size=320x240:rate=25:duration=2 -f lavfi -i sine=frequency=550:duration=2 -c:v mpeg4 -q:v 5 -c:a libmp3lame -b:a 64k " +
       $"-shortest \"{Path.Combine(movies, "Convert (2021).mkv")}\"");

var port = FreePort();
var server = Process.Start(new ProcessStartInfo("dotnet")
{
    ArgumentList = { serverDll, "--urls", $"http://127.0.0.1:{port}", $"--Server:DataPath={Path.Combine(root, "data")}",
        "--Library:Sections:0:Title=Movies", "--Library:Sections:0:Type=movie", $"--Library:Sections:0:Path={movies}",
        "--Auth:Users:0:Name=load", $"--Auth:Users:0:Token={Token}", "--Transcoder:Preset=ultrafast", "--Transcoder:MaxConcurrent=2",
        "--Logging:LogLevel:Default=Warning" },
    WorkingDirectory = root, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true,
})!;
server.OutputDataReceived += (_, e) => { if (e.Data?.Contains("fail") == true) Console.Error.WriteLine("server: " + e.Data); };
server.BeginOutputReadLine();
server.BeginErrorReadLine();

long requests = 0, errors = 0, downloads = 0, bytes = 0;
var maxProcessing = 0;
var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
var itemsByQueue = new System.Collections.Concurrent.ConcurrentDictionary<int, HashSet<int>>();
try
{
    var keys = await WaitForLibraryAsync();
    var direct = keys.Where(k => k.Title.StartsWith("Direct")).Select(k => k.Key).ToArray();
    var convert = keys.Single(k => k.Title.StartsWith("Convert")).Key;
    var started = Stopwatch.StartNew();
    var stopAdding = DateTime.UtcNow.AddSeconds(seconds);
    var monitor = MonitorAsync(stopAdding);
    await Task.WhenAll(Enumerable.Range(0, clients).Select(c => ClientAsync(c, direct, convert, stopAdding)));
    await monitor;
    var settleBy = DateTime.UtcNow.AddSeconds(15);
    var pending = int.MaxValue;
    while (DateTime.UtcNow < settleBy && (pending = (await CountAsync()).Pending) > 0) await Task.Delay(250);
    var total = itemsByQueue.Values.Sum(s => s.Count);
    Console.WriteLine($"clients {clients}, {started.Elapsed.TotalSeconds:0.0} s: requests {requests} ({requests / started.Elapsed.TotalSeconds:0} /s), " +
                      $"errors {errors}, items {total}, not terminal {pending}, downloads {downloads} ({bytes / 1024} KiB), " +
                      $"most conversions at once {maxProcessing} (MaxConcurrent 2)");
    return errors == 0 && pending == 0 && maxProcessing <= 2 ? 0 : 1;
}
finally
{
    server.Kill();
    server.WaitForExit(10_000);
    try { Directory.Delete(root, recursive: true); } catch (IOException) { }
}

async Task ClientAsync(int client, int[] direct, int convert, DateTime stopAdding)
{
    var random = new Random(client);
    var queueId = (int)(await SendAsync(HttpMethod.Post, "/downloadQueue", client))!["MediaContainer"]!["DownloadQueue"]![0]!["id"]!;
    var mine = itemsByQueue.GetOrAdd(queueId, _ => []);
    var downloaded = new HashSet<int>();
    while (DateTime.UtcNow < stopAdding)
    {
        // Direct play mostly; one in ten a conversion at one of a few sizes (dedupe keeps the count bounded).
        var query = random.Next(10) == 0 ? $"keys=/library/metadata/{convert}&videoResolution={random.Next(2, 5) * 40 * 4 / 3}x{random.Next(2, 5) * 40}"
            : $"keys=/library/metadata/{direct[random.Next(direct.Length)]}&directPlay=1";
        var added = await SendAsync(HttpMethod.Post, $"/downloadQueue/{queueId}/add?{query}", client);
        if (added?["MediaContainer"]?["AddedQueueItems"]?[0]?["id"] is { } id) lock (mine) mine.Add((int)id);
        var items = await SendAsync(HttpMethod.Get, $"/downloadQueue/{queueId}/items", client);
        foreach (var item in items?["MediaContainer"]?["DownloadQueueItem"]?.AsArray() ?? [])
        {
            var itemId = (int)item!["id"]!;
            if ((string?)item["status"] != "available" || !downloaded.Add(itemId)) continue;
            var response = await RawAsync(HttpMethod.Get, $"/downloadQueue/{queueId}/item/{itemId}/media", client);
            if (response is null) continue;
            var body = await response.Content.ReadAsByteArrayAsync();
            if (response.StatusCode != HttpStatusCode.OK || body.Length != response.Content.Headers.ContentLength) Interlocked.Increment(ref errors);
            Interlocked.Increment(ref downloads);
            Interlocked.Add(ref bytes, body.Length);
        }
        await Task.Delay(random.Next(50, 250));
    }
}

// A true snapshot of running conversions: ffmpeg processes working in this server's cache (Transcoder:MaxConcurrent=2).
async Task MonitorAsync(DateTime until)
{
    while (DateTime.UtcNow < until)
    {
        var running = Directory.EnumerateDirectories("/proc").Count(dir =>
        {
            try
            {
                var args = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0');
                return Path.GetFileName(args[0]).StartsWith("ffmpeg") && args.Any(a => a.StartsWith(root));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
        });
        if (running > maxProcessing) maxProcessing = running;
        await Task.Delay(50);
    }
}

async Task<(int Pending, int Processing)> CountAsync()
{
    int pending = 0, processing = 0;
    foreach (var queueId in itemsByQueue.Keys)
    {
        var items = (await SendAsync(HttpMethod.Get, $"/downloadQueue/{queueId}/items", 0))?["MediaContainer"]?["DownloadQueueItem"]?.AsArray() ?? [];
        pending += items.Count(i => (string?)i!["status"] is "deciding" or "waiting" or "processing");
        processing += items.Count(i => (string?)i!["status"] is "processing");
    }
    return (pending, processing);
}

async Task<JsonNode?> SendAsync(HttpMethod method, string url, int client)
{
    using var response = await RawAsync(method, url, client);
    if (response is null) return null;
    if (!response.IsSuccessStatusCode) { Interlocked.Increment(ref errors); Console.Error.WriteLine($"{method} {url} → {(int)response.StatusCode}"); return null; }
    return JsonNode.Parse(await response.Content.ReadAsStringAsync());
}

async Task<HttpResponseMessage?> RawAsync(HttpMethod method, string url, int client)
{
    using var request = new HttpRequestMessage(method, url);
    request.Headers.Add("X-Plex-Token", Token);
    request.Headers.Add("X-Plex-Client-Identifier", $"load-client-{client}");
    request.Headers.Add("Accept", "application/json");
    try
    {
        var response = await http.SendAsync(request);
        Interlocked.Increment(ref requests);
        return response;
    }
    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
    {
        Interlocked.Increment(ref errors);
        Console.Error.WriteLine($"{method} {url}: {ex.Message}");
        return null;
    }
}

async Task<List<(int Key, string Title)>> WaitForLibraryAsync()
{
    for (var attempt = 0; attempt < 150; attempt++)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/library/sections/1/all");
            request.Headers.Add("X-Plex-Token", Token);
            request.Headers.Add("Accept", "application/json");
            var response = await http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                var list = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["MediaContainer"]!["Metadata"]?.AsArray()
                    .Select(m => (int.Parse((string)m!["ratingKey"]!), (string)m["title"]!)).ToList() ?? [];
                if (list.Count == 5) return list;
            }
        }
        catch (HttpRequestException) { }
        await Task.Delay(200);
    }
    throw new TimeoutException("The server never listed the five clips.");
}

static void Ffmpeg(string arguments)
{
    using var process = Process.Start(new ProcessStartInfo("ffmpeg", "-hide_banner -loglevel error -y " + arguments) { UseShellExecute = false })!;
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException("ffmpeg failed: " + arguments);
}

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
