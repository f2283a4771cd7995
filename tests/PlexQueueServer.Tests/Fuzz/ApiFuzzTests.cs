using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PlexQueueServer.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PlexQueueServer.Tests.Fuzz;

/// <summary>The test server with every log message kept, so a test can prove tokens never reach the log.</summary>
public sealed class LogCapturingServerFactory : PlexServerFactory
{
    public ConcurrentQueue<string> Messages { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(s => s.AddLogging(l => l.AddProvider(new CapturingProvider(Messages))));
    }

    private sealed class CapturingProvider(ConcurrentQueue<string> messages) : ILoggerProvider
    {
        public ILogger CreateLogger(string category) => new CapturingLogger(category, messages);
        public void Dispose() { }
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel level) => true;
        public void Log<TState>(LogLevel level, EventId id, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
    }
}

/// <summary>
/// Seeded random requests (PLEXQUEUE_FUZZ_SEED, PLEXQUEUE_FUZZ_COUNT) against the in-process server: never a 5xx,
/// and a rejected request leaves both users' queues exactly as they were.
/// </summary>
public class ApiFuzzTests(LogCapturingServerFactory factory, ITestOutputHelper output) : IClassFixture<LogCapturingServerFactory>
{
    [Fact]
    public async Task Thousands_of_hostile_requests_get_no_5xx_and_rejected_ones_change_nothing()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PLEXQUEUE_FUZZ_SEED"), out var s) ? s : 20261123;
        var count = int.TryParse(Environment.GetEnvironmentVariable("PLEXQUEUE_FUZZ_COUNT"), out var c) ? c : 3000;
        var alice = factory.CreatePlexClient(clientIdentifier: "fuzz");
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, "fuzz");
        var aliceQueue = await alice.CreateQueueAsync();
        var bobQueue = await bob.CreateQueueAsync();
        await alice.PostJsonAsync($"/downloadQueue/{aliceQueue}/add?keys=/library/metadata/100001,/library/metadata/100002");
        await bob.PostJsonAsync($"/downloadQueue/{bobQueue}/add?keys=/library/metadata/100003");
        var state = await SettledStateAsync(alice, bob, aliceQueue, bobQueue);
        var aliceItems = ItemIds(state.Alice);
        var generator = new FuzzRequestGenerator(seed, aliceQueue, bobQueue, () => aliceItems);
        var raw = factory.CreateClient();
        var tried = 0;
        var byStatus = new SortedDictionary<int, int>();

        for (var i = 0; i < count; i++)
        {
            var (method, url, headers, token) = generator.Create();
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(url, UriKind.Relative));
            if (token.Length > 0) request.Headers.TryAddWithoutValidation("X-Plex-Token", token);
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            if (!request.Headers.Contains("Accept")) request.Headers.TryAddWithoutValidation("Accept", "application/json");
            using var response = await raw.SendAsync(request);
            var status = (int)response.StatusCode;
            tried++;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status < 500, $"#{i} seed {seed}: {method} {Short(url)} → {status}: {Short(body)}");
            // Kestrel answers 500 to a non-ASCII header value, so a reason echoing client input must be cleaned.
            if (response.Headers.TryGetValues("X-Plex-Error", out var reasons))
                Assert.All(reasons, r => Assert.True(r.All(ch => ch is >= ' ' and <= '~'), $"#{i}: X-Plex-Error not printable ASCII: {r}"));
            // Every refusal carries a one-line reason (HEAD answers carry no body).
            if (status >= 400 && method != "HEAD") Assert.True(body.Trim().Split('\n').Length == 1 && body.Contains("<p>"), $"#{i}: {status} without a one-line reason: {Short(body)}");

            var mutating = method is "POST" or "DELETE" or "PUT" or "PATCH";
            if (status is >= 200 and < 300 && mutating)
            {
                state = await SettledStateAsync(alice, bob, aliceQueue, bobQueue); // accepted: the new state is the baseline
                aliceItems = ItemIds(state.Alice);
                continue;
            }
            var now = await StateAsync(alice, bob, aliceQueue, bobQueue);
            Assert.True(now == state, $"#{i} seed {seed}: {method} {Short(url)} → {status} changed the stored queues");
        }

        output.WriteLine($"fuzz: {tried} requests, seed {seed}; statuses {string.Join(", ", byStatus.Select(p => $"{p.Key}×{p.Value}"))}");
        Assert.Equal(count, tried);
        // Tokens appear in no log line (the generated-token line is the only exception, and these users are configured).
        Assert.DoesNotContain(factory.Messages, m => m.Contains(PlexServerFactory.AliceToken) || m.Contains(PlexServerFactory.BobToken));
    }

    private static string Short(string text) => text.Length <= 300 ? text : text[..300] + "…";

    private static List<int> ItemIds(string itemsJson) =>
        JsonNode.Parse(itemsJson)!["MediaContainer"]!["DownloadQueueItem"]?.AsArray().Select(i => (int)i!["id"]!).ToList() ?? [];

    private static async Task<(string Alice, string Bob)> StateAsync(HttpClient alice, HttpClient bob, int aliceQueue, int bobQueue) =>
        (await alice.GetStringAsync($"/downloadQueue/{aliceQueue}/items"), await bob.GetStringAsync($"/downloadQueue/{bobQueue}/items"));

    /// <summary>The queues once the worker has decided everything (unknown keys end in error within moments).</summary>
    private static async Task<(string Alice, string Bob)> SettledStateAsync(HttpClient alice, HttpClient bob, int aliceQueue, int bobQueue)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var state = await StateAsync(alice, bob, aliceQueue, bobQueue);
            var busy = new[] { state.Alice, state.Bob }.Any(s => s.Contains("\"deciding\"") || s.Contains("\"waiting\"") || s.Contains("\"processing\""));
            if (!busy) return state;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The queues never settled: {Short(state.Alice)}");
            await Task.Delay(20);
        }
    }
}
