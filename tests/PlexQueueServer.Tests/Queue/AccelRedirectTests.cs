using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

/// <summary>Media:AccelRedirect: nginx sends the file, but only after our checks, and only a file inside the cache or a section.</summary>
public class AccelRedirectTests(AccelRedirectTests.AccelFactory factory) : IClassFixture<AccelRedirectTests.AccelFactory>
{
    public sealed class AccelFactory : PlexServerFactory
    {
        public const string SwapFile = "Accel Swap (2019).mp4";
        public string OutsideClip => Path.Combine(Root, "outside", "outside clip.mp4");

        protected override IDictionary<string, string?> ExtraSettings => new Dictionary<string, string?>
        {
            ["Media:AccelRedirect"] = "/internal-media/",
            ["Library:Watch"] = "false", // the swap below must be caught when the file is opened, not by a rescan
        };

        public AccelFactory()
        {
            File.Copy(Path.Combine(MoviesPath, TestMedia.DirectPlayMovie), Path.Combine(MoviesPath, SwapFile));
            TestMedia.SmallClip(OutsideClip, frequency: 770);
        }
    }

    private static string? Redirect(HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Accel-Redirect", out var values) ? values.Single() : null;

    [Fact]
    public async Task An_available_item_answers_with_an_internal_redirect_to_its_own_file_and_no_body()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "accel-direct");
        var queue = await alice.CreateQueueAsync();
        var item = await alice.AddAsync(queue, await alice.FindRatingKeyAsync(1, "Direct Movie"));
        await alice.WaitForStatusAsync(queue, item, "available");

        var response = await alice.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/internal-media/library/0/Direct%20Movie%20%282020%29.mp4", Redirect(response));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("video/mp4", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Direct Movie (2020).mp4", response.Content.Headers.ContentDisposition?.ToString());
        var head = await alice.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/downloadQueue/{queue}/item/{item}/media"));
        Assert.Equal(Redirect(response), Redirect(head));

        // Another user asking for it gets nothing: no redirect either.
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, "accel-bob");
        var refused = await bob.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Null(Redirect(refused));
    }

    [Fact]
    public async Task A_conversion_redirects_only_once_available_and_then_into_the_cache()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "accel-convert");
        var queue = await alice.CreateQueueAsync();
        var item = await alice.AddAsync(queue, await alice.FindRatingKeyAsync(1, "Slow Movie"), "&directStream=0&videoResolution=160x120");
        var early = await alice.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, early.StatusCode);
        Assert.Null(Redirect(early));

        await alice.WaitForStatusAsync(queue, item, "available");
        var response = await alice.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"/internal-media/cache/{item}-0.mp4", Redirect(response));
    }

    [Fact]
    public async Task A_library_file_swapped_for_a_link_outside_the_library_is_refused_without_a_redirect()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "accel-swap");
        var queue = await alice.CreateQueueAsync();
        var item = await alice.AddAsync(queue, await alice.FindRatingKeyAsync(1, "Accel Swap"));
        await alice.WaitForStatusAsync(queue, item, "available");
        var file = Path.Combine(factory.MoviesPath, AccelFactory.SwapFile);
        File.Delete(file);
        File.CreateSymbolicLink(file, factory.OutsideClip);

        var response = await alice.GetAsync($"/downloadQueue/{queue}/item/{item}/media");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Null(Redirect(response));
    }
}
