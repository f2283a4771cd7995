using System.Net;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Queue;

public class QueueApiTests(PlexServerFactory factory) : QueueApiTestsOn<PlexServerFactory>(factory);

/// <summary>The same tests on PostgreSQL (Database:Provider=Postgres).</summary>
public class QueueApiTestsOnPostgres(QueueApiTestsOnPostgres.Factory factory) : QueueApiTestsOn<QueueApiTestsOnPostgres.Factory>(factory)
{
    public sealed class Factory : PlexServerFactory { public override bool UsePostgres => true; }
}

public abstract class QueueApiTestsOn<TFactory>(TFactory factory) : IClassFixture<TFactory> where TFactory : PlexServerFactory
{
    [Fact]
    public async Task Create_returns_the_same_queue_for_the_same_client_and_another_for_another_client()
    {
        var first = await factory.CreatePlexClient(clientIdentifier: "phone-a").PostJsonAsync("/downloadQueue");
        var again = await factory.CreatePlexClient(clientIdentifier: "phone-a").PostJsonAsync("/downloadQueue");
        var other = await factory.CreatePlexClient(clientIdentifier: "phone-b").CreateQueueAsync();

        var queue = first["MediaContainer"]!["DownloadQueue"]![0]!;
        Assert.Equal(1, (int)first["MediaContainer"]!["size"]!);
        Assert.Equal((int)queue["id"]!, (int)again["MediaContainer"]!["DownloadQueue"]![0]!["id"]!);
        Assert.NotEqual((int)queue["id"]!, other);
        Assert.Equal("phone-a", (string)queue["clientIdentifier"]!);
        Assert.Equal(0, (int)queue["itemCount"]!);
        Assert.Equal("done", (string)queue["status"]!);
        Assert.Equal(System.Text.Json.JsonValueKind.Number, queue["owner"]!.GetValueKind());
    }

    [Fact]
    public async Task A_client_without_an_identifier_gets_its_users_default_queue()
    {
        var first = await factory.CreatePlexClient(clientIdentifier: null).CreateQueueAsync();
        var second = await factory.CreatePlexClient(clientIdentifier: null).CreateQueueAsync();
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Another_users_queue_is_not_found_for_every_route()
    {
        var alice = factory.CreatePlexClient(clientIdentifier: "iso-client");
        var queueId = await alice.CreateQueueAsync();
        var itemId = await alice.AddAsync(queueId, 999999);
        var bob = factory.CreatePlexClient(PlexServerFactory.BobToken, "iso-client");

        var requests = new[]
        {
            new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}"),
            new HttpRequestMessage(HttpMethod.Post, $"/downloadQueue/{queueId}/add?keys=/library/metadata/1"),
            new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/items"),
            new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/items/{itemId}"),
            new HttpRequestMessage(HttpMethod.Delete, $"/downloadQueue/{queueId}/items/{itemId}"),
            new HttpRequestMessage(HttpMethod.Post, $"/downloadQueue/{queueId}/items/{itemId}/restart"),
            new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/item/{itemId}/decision"),
            new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/item/{itemId}/media"),
            new HttpRequestMessage(HttpMethod.Head, $"/downloadQueue/{queueId}/item/{itemId}/media"),
        };
        foreach (var request in requests)
        {
            var response = await bob.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{request.Method} {request.RequestUri} → {(int)response.StatusCode}");
        }
        // Alice's item is untouched by Bob's delete and restart.
        var item = await alice.WaitForStatusAsync(queueId, itemId, "error");
        Assert.Equal(itemId, (int)item["id"]!);
    }

    [Theory]
    [InlineData("/downloadQueue", "POST")]
    [InlineData("/downloadQueue/1", "GET")]
    [InlineData("/downloadQueue/1/items", "GET")]
    [InlineData("/downloadQueue/1/item/1/media", "GET")]
    [InlineData("/library/sections/all", "GET")]
    [InlineData("/", "GET")]
    public async Task Routes_answer_401_without_a_valid_token(string url, string method)
    {
        var anonymous = factory.CreatePlexClient(token: null);
        var wrong = factory.CreatePlexClient(token: "not-a-token");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.SendAsync(new HttpRequestMessage(new HttpMethod(method), url))).StatusCode);
    }

    [Fact]
    public async Task Token_in_the_query_works_as_background_downloaders_send_it()
    {
        var client = factory.CreatePlexClient(token: null);
        var response = await client.PostAsync($"/downloadQueue?X-Plex-Token={PlexServerFactory.AliceToken}", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Identity_needs_no_token()
    {
        var json = await factory.CreatePlexClient(token: null).GetJsonAsync("/identity");
        Assert.False(string.IsNullOrEmpty((string?)json["MediaContainer"]!["machineIdentifier"]));
        Assert.False(string.IsNullOrEmpty((string?)json["MediaContainer"]!["version"]));
    }

    [Theory]
    [InlineData("keys=library/metadata/1")]
    [InlineData("keys=/library/metadata/abc")]
    [InlineData("keys=/library/metadata/1/../../etc/passwd")]
    [InlineData("keys=/library/metadata/-4")]
    [InlineData("keys=")]
    [InlineData("")]
    [InlineData("keys=/library/metadata/1&audioChannelCount=twelve")]
    [InlineData("keys=/library/metadata/1&videoResolution=huge")]
    [InlineData("keys=/library/metadata/1&subtitles=sideways")]
    public async Task Malformed_adds_are_400_with_a_reason_and_store_nothing(string query)
    {
        var client = factory.CreatePlexClient(clientIdentifier: "bad-adds-" + Guid.NewGuid());
        var queueId = await client.CreateQueueAsync();
        var response = await client.PostAsync($"/downloadQueue/{queueId}/add?{query}", null);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Single(body.Trim().Split('\n'));
        Assert.Contains("<p>", body);
        var queue = await client.GetJsonAsync($"/downloadQueue/{queueId}");
        Assert.Equal(0, (int)queue["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }

    [Theory]
    [InlineData("GET", "/downloadQueue/abc")]
    [InlineData("GET", "/downloadQueue/99999999999")]
    [InlineData("GET", "/downloadQueue/1/items/1,x,3")]
    [InlineData("DELETE", "/downloadQueue/1/items/-1")]
    [InlineData("GET", "/downloadQueue/1/item/abc/decision")]
    [InlineData("GET", "/downloadQueue/1/items?X-Plex-Container-Size=-5")]
    public async Task Malformed_ids_are_400_never_500(string method, string url)
    {
        var client = factory.CreatePlexClient(clientIdentifier: "bad-ids");
        await client.CreateQueueAsync();
        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{method} {url} → {(int)response.StatusCode}");
        Assert.True((int)response.StatusCode < 500);
    }

    [Fact]
    public async Task A_well_formed_key_that_names_nothing_ends_in_decision_error_2004()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "unknown-key");
        var queueId = await client.CreateQueueAsync();
        var added = await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/424242");
        Assert.Equal("/library/metadata/424242", (string)added["MediaContainer"]!["AddedQueueItems"]![0]!["key"]!);
        var itemId = (int)added["MediaContainer"]!["AddedQueueItems"]![0]!["id"]!;

        var item = await client.WaitForStatusAsync(queueId, itemId, "error");
        Assert.Equal("decisionError", (string)item["error"]!);
        Assert.Equal(2004, (int)item["DecisionResult"]!["generalDecisionCode"]!);
        Assert.Equal("error", (string)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["status"]!);
        var decision = await client.GetJsonAsync($"/downloadQueue/{queueId}/item/{itemId}/decision");
        Assert.Equal(2004, (int)decision["MediaContainer"]!["generalDecisionCode"]!);
    }

    [Fact]
    public async Task The_same_key_with_the_same_parameters_returns_the_existing_item()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "dedupe");
        var queueId = await client.CreateQueueAsync();
        var first = await client.AddAsync(queueId, 777001, "&videoResolution=1280x720&session=a");
        var again = await client.AddAsync(queueId, 777001, "&session=b&videoResolution=1280x720");
        var different = await client.AddAsync(queueId, 777001, "&videoResolution=640x360");
        Assert.Equal(first, again);
        Assert.NotEqual(first, different);

        // Comma list, repeated keys= and a percent-encoded list all add one item per key, echoing keys.
        var json = await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys=%2Flibrary%2Fmetadata%2F777002%2C%2Flibrary%2Fmetadata%2F777003&keys=/library/metadata/777004");
        var keys = json["MediaContainer"]!["AddedQueueItems"]!.AsArray().Select(a => (string)a!["key"]!).ToList();
        Assert.Equal(["/library/metadata/777002", "/library/metadata/777003", "/library/metadata/777004"], keys);
        Assert.Equal(5, (int)(await client.GetJsonAsync($"/downloadQueue/{queueId}"))["MediaContainer"]!["DownloadQueue"]![0]!["itemCount"]!);
    }

    [Fact]
    public async Task Xml_is_the_default_format_with_attributes_and_child_elements()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "xml-client", json: false);
        var response = await client.PostAsync("/downloadQueue", null);
        Assert.StartsWith("text/xml", response.Content.Headers.ContentType!.ToString());
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><MediaContainer", body);
        var xml = XDocument.Parse(body);
        var queue = xml.Root!.Element("DownloadQueue")!;
        Assert.Equal("MediaContainer", xml.Root.Name.LocalName);
        Assert.Equal("1", xml.Root.Attribute("size")!.Value);
        Assert.Equal("xml-client", queue.Attribute("clientIdentifier")!.Value);
        Assert.Equal("done", queue.Attribute("status")!.Value);

        var queueId = queue.Attribute("id")!.Value;
        await client.PostAsync($"/downloadQueue/{queueId}/add?keys=/library/metadata/888001", null);
        var items = XDocument.Parse(await client.GetStringAsync($"/downloadQueue/{queueId}/items"));
        var item = items.Root!.Element("DownloadQueueItem")!;
        Assert.Equal("/library/metadata/888001", item.Attribute("key")!.Value);
        Assert.NotNull(item.Element("DecisionResult"));
    }

    [Fact]
    public async Task Lists_page_with_container_start_and_size()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "paging");
        var queueId = await client.CreateQueueAsync();
        var keys = string.Join(",", Enumerable.Range(900001, 5).Select(k => $"/library/metadata/{k}"));
        await client.PostJsonAsync($"/downloadQueue/{queueId}/add?keys={keys}");

        var request = new HttpRequestMessage(HttpMethod.Get, $"/downloadQueue/{queueId}/items");
        request.Headers.Add("X-Plex-Container-Start", "1");
        request.Headers.Add("X-Plex-Container-Size", "2");
        var response = await client.SendAsync(request);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["MediaContainer"]!;
        Assert.Equal(2, (int)json["size"]!);
        Assert.Equal(5, (int)json["totalSize"]!);
        Assert.Equal(1, (int)json["offset"]!);
        Assert.Equal("5", response.Headers.GetValues("X-Plex-Container-Total-Size").Single());
    }

    [Fact]
    public async Task Delete_and_restart_answer_200_and_delete_twice_is_404()
    {
        var client = factory.CreatePlexClient(clientIdentifier: "delete-restart");
        var queueId = await client.CreateQueueAsync();
        var a = await client.AddAsync(queueId, 555001);
        var b = await client.AddAsync(queueId, 555002);
        await client.WaitForStatusAsync(queueId, a, "error");

        var restart = await client.PostAsync($"/downloadQueue/{queueId}/items/{a}/restart", null);
        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        var again = await client.WaitForStatusAsync(queueId, a, "error");
        Assert.Equal(a, (int)again["id"]!);

        Assert.Equal(HttpStatusCode.OK, (await client.DeleteAsync($"/downloadQueue/{queueId}/items/{a},{b}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/downloadQueue/{queueId}/items/{a},{b}")).StatusCode);
        var items = await client.GetJsonAsync($"/downloadQueue/{queueId}/items");
        Assert.Equal(0, (int)items["MediaContainer"]!["size"]!);
    }
}
