using System.Text.Json.Nodes;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Resilience;

/// <summary>
/// A server configured for VAAPI on a machine without it (here: a fake ffmpeg, first in Transcoder:FfmpegPath, that
/// fails on any hardware flag and runs the real ffmpeg otherwise) still converts every item, in software, and says so.
/// Own server processes: the ffmpeg folder is process-wide.
/// </summary>
public class HardwareFallbackTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string HardwareFlags = "*-hwaccel*|*-init_hw_device*|*-vaapi_device*|*_vaapi*|*_qsv*|*_nvenc*";

    [Fact]
    public async Task A_backend_that_fails_its_start_probe_is_reported_on_health_and_items_convert_in_software()
    {
        // Every hardware run fails, the start probe included.
        await WithServerAsync($"case \"$*\" in {HardwareFlags}) echo 'Failed to initialise VAAPI connection' >&2; exit 1 ;; esac\n", async (server, client) =>
        {
            var hardware = await HardwareCheckAsync(client);
            Assert.True((bool)hardware["ok"]!); // the server works: software conversion
            Assert.Equal("vaapi requested, not usable: test encode exited with code 1 (Failed to initialise VAAPI connection); converting in software",
                (string?)hardware["detail"]);

            var item = await ConvertAsync(client);
            Assert.Equal("available", (string)item["status"]!);
            Assert.Single(server.Output.Split('\n'), l => l.Contains("not usable", StringComparison.Ordinal)); // said once
            Assert.DoesNotContain("retrying in software", server.Output); // no job even tried the device
        });
    }

    [Fact]
    public async Task A_hardware_job_that_fails_after_the_probe_passed_is_retried_in_software_and_ends_available()
    {
        // The probe (a lavfi test picture) "passes"; a real conversion on the device fails.
        await WithServerAsync($"case \"$*\" in *lavfi*) case \"$*\" in {HardwareFlags}) exit 0 ;; esac ;; {HardwareFlags}) echo 'hardware frames lost' >&2; exit 1 ;; esac\n",
            async (server, client) =>
            {
                var hardware = await HardwareCheckAsync(client);
                Assert.Equal("vaapi in use on /dev/dri/renderD128", (string?)hardware["detail"]);

                var item = await ConvertAsync(client);
                Assert.Equal("available", (string)item["status"]!);
                Assert.Contains("vaapi conversion failed (ffmpeg exited with code 1: hardware frames lost); retrying in software", server.Output);
            });
    }

    [Fact]
    public async Task A_hardware_job_that_ends_early_with_success_is_retried_in_software_and_ends_whole()
    {
        // The device "succeeds" but writes 0.3 s of a 2 s movie (the job's output is named output.*).
        await WithServerAsync($"case \"$*\" in *lavfi*) case \"$*\" in {HardwareFlags}) exit 0 ;; esac ;; {HardwareFlags}) " +
            $"for a; do case \"$a\" in */output.*) out=$a ;; esac; done; exec \"{Which("ffmpeg")}\" -hide_banner -loglevel error -f lavfi -i testsrc2=size=160x120:duration=0.3 " +
            "-c:v libx264 -preset ultrafast -pix_fmt yuv420p -y \"$out\" ;; esac\n",
            async (server, client) =>
            {
                var item = await ConvertAsync(client);
                Assert.Equal("available", (string)item["status"]!);
                Assert.Contains("vaapi conversion failed (output is 0.", server.Output);
                Assert.Contains("retrying in software", server.Output);
            });
    }

    [Fact]
    public async Task Vaapi_configured_with_the_real_ffmpeg_still_converts_and_health_stays_ok()
    {
        // No fake rules: the installed ffmpeg, and whatever device this machine has (none here: the probe fails).
        await WithServerAsync("", async (server, client) =>
        {
            var hardware = await HardwareCheckAsync(client);
            Assert.True((bool)hardware["ok"]!);
            Assert.StartsWith("vaapi ", (string?)hardware["detail"]);
            var item = await ConvertAsync(client);
            Assert.Equal("available", (string)item["status"]!);
        });
    }

    private static async Task<JsonNode> ConvertAsync(HttpClient client)
    {
        var queueId = await client.CreateQueueAsync();
        var itemId = await client.AddAsync(queueId, await client.FindRatingKeyAsync(1, "Convert Movie"), "&videoResolution=160x120");
        var item = await client.WaitForStatusAsync(queueId, itemId, "error", "available");
        if ((string)item["status"]! == "available")
        {
            var media = await client.GetAsync($"/downloadQueue/{queueId}/item/{itemId}/media");
            Assert.True(media.IsSuccessStatusCode, $"media → {(int)media.StatusCode}");
            Assert.True((await media.Content.ReadAsByteArrayAsync()).Length > 1000);
        }
        return item;
    }

    /// <summary>The /health hardware line once the start probe has answered; /health stays 200 throughout.</summary>
    private static async Task<JsonNode> HardwareCheckAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var health = await client.GetJsonAsync("/health");
            var hardware = health["checks"]!.AsArray().Single(c => (string?)c!["name"] == "hardware")!;
            if (!((string?)hardware["detail"])!.Contains("probing", StringComparison.Ordinal) || DateTime.UtcNow > deadline) return hardware;
            await Task.Delay(100);
        }
    }

    private async Task WithServerAsync(string fakeRules, Func<ServerProcess, HttpClient, Task> test)
    {
        await using var fake = await FakeFfmpegServer.StartAsync(fakeRules,
            new Dictionary<string, string> { ["Transcoder:HardwareAcceleration"] = "vaapi" });
        try { await test(fake.Server, fake.CreateClient("hardware")); }
        finally { output.WriteLine(fake.Server.Output); }
    }

    private static string Which(string tool) => FakeFfmpegServer.Which(tool);
}
