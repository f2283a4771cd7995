using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using PlexQueueServer.Tests.Infrastructure;

namespace PlexQueueServer.Tests.Browser;

/// <summary>Swagger UI in headless Chromium against the server on a real socket: the operations, Authorize, try it out.</summary>
public sealed class SwaggerUiTests(KestrelServerFactory server) : IClassFixture<KestrelServerFactory>
{
    private static readonly string[] QueueOperations =
    [
        "createDownloadQueue", "getDownloadQueue", "addDownloadQueueItems", "listDownloadQueueItems", "getDownloadQueueItems",
        "removeDownloadQueueItems", "restartProcessingDownloadQueueItems", "getItemDecision", "getDownloadQueueMedia",
    ];

    [Fact]
    public void Swagger_ui_lists_the_queue_operations_and_runs_createDownloadQueue_with_a_token()
    {
        using var driver = Chromium.Start();
        try
        {
            driver.Navigate().GoToUrl(server.BaseUrl + "/swagger/index.html");
            driver.WaitFor(By.CssSelector("#operations-Download_Queue-createDownloadQueue"));
            var listed = driver.FindElements(By.CssSelector("#operations-tag-Download_Queue ~ * .opblock-summary-operation-id, .opblock-tag-section .opblock-summary-operation-id"))
                .Select(e => e.Text.Trim()).ToHashSet();
            Assert.All(QueueOperations, id => Assert.Contains(id, listed));

            // Authorize with the token, as the owner does.
            driver.WaitFor(By.CssSelector(".auth-wrapper .authorize")).Click();
            driver.WaitFor(By.CssSelector(".modal-ux input[type=text], .modal-ux input[type=password]")).SendKeys(PlexServerFactory.AliceToken);
            driver.WaitFor(By.CssSelector(".modal-ux .auth-btn-wrapper .authorize")).Click();
            driver.WaitFor(By.CssSelector(".modal-ux .btn-done, .modal-ux .close-modal")).Click();

            var operation = driver.WaitFor(By.CssSelector("#operations-Download_Queue-createDownloadQueue"));
            operation.FindElement(By.CssSelector(".opblock-summary-control, .opblock-summary")).Click();
            driver.WaitFor(By.CssSelector("#operations-Download_Queue-createDownloadQueue .try-out__btn")).Click();
            driver.WaitFor(By.CssSelector("#operations-Download_Queue-createDownloadQueue .execute")).Click();

            var status = new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(d =>
                d.FindElements(By.CssSelector("#operations-Download_Queue-createDownloadQueue .live-responses-table tbody .response-col_status"))
                    .Select(e => e.Text.Trim()).FirstOrDefault(t => t.Length > 0));
            var response = driver.FindElement(By.CssSelector("#operations-Download_Queue-createDownloadQueue .live-responses-table tbody .response-col_description"));
            ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'})", response); // the screenshot shows the answer
            var body = response.Text;
            Assert.True(status == "200", $"createDownloadQueue answered {status}: {body}");
            Assert.Contains("DownloadQueue", body);
        }
        finally
        {
            driver.SaveScreenshot("swagger-createDownloadQueue");
        }
    }
}
