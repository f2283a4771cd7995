using OpenQA.Selenium;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Browser;

/// <summary>/web in headless Chromium: the item, its status and the download link render; screenshot kept.</summary>
public sealed class StatusPageBrowserTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    [Fact]
    public async Task The_status_page_renders_an_available_item_with_its_download_link()
    {
        var client = server.CreatePlexClient(clientIdentifier: "browser-phone");
        var queueId = await client.CreateQueueAsync();
        var key = await client.FindRatingKeyAsync(1, "Direct Movie");
        var itemId = await client.AddAsync(queueId, key, "&directPlay=1");
        await client.WaitForStatusAsync(queueId, itemId, "available");

        using var driver = Chromium.Start();
        try
        {
            driver.Navigate().GoToUrl($"{server.BaseUrl}/web?X-Plex-Token={PlexServerFactory.AliceToken}");
            var row = driver.WaitFor(By.Id($"item-{itemId}"));
            Assert.Equal("available", row.FindElement(By.CssSelector(".status")).Text);
            var link = row.FindElement(By.CssSelector("a.download"));
            Assert.EndsWith($"/downloadQueue/{queueId}/item/{itemId}/media?X-Plex-Token={PlexServerFactory.AliceToken}", link.GetAttribute("href"));
            Assert.Contains("browser-phone", driver.FindElement(By.Id($"queue-{queueId}")).Text);
        }
        finally
        {
            driver.SaveScreenshot("web-status-page");
        }
    }
}
