using System.Net;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Server;

public class OpenApiTests(PlexServerFactory factory) : IClassFixture<PlexServerFactory>
{
    [Theory]
    [InlineData("createDownloadQueue")]
    [InlineData("getDownloadQueue")]
    [InlineData("addDownloadQueueItems")]
    [InlineData("listDownloadQueueItems")]
    [InlineData("getDownloadQueueItems")]
    [InlineData("removeDownloadQueueItems")]
    [InlineData("restartProcessingDownloadQueueItems")]
    [InlineData("getItemDecision")]
    [InlineData("getDownloadQueueMedia")]
    [InlineData("getIdentity")]
    public async Task The_openapi_document_uses_the_specs_operation_ids(string operationId)
    {
        var document = await factory.CreatePlexClient(token: null).GetJsonAsync("/openapi/v1.json");
        var operations = document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject()).Select(o => (string?)o.Value!["operationId"]);
        Assert.Contains(operationId, operations);
    }

    [Fact]
    public async Task Swagger_ui_is_served_without_a_token()
    {
        var response = await factory.CreatePlexClient(token: null).GetAsync("/swagger/index.html");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }
}
