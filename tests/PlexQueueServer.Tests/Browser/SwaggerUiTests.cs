using System.Text.RegularExpressions;
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

            var (status, body) = TryItOut(driver, "createDownloadQueue");
            Assert.True(status == "200", $"createDownloadQueue answered {status}: {body}");
            Assert.Contains("DownloadQueue", body);
            var queueId = Regex.Match(body, "DownloadQueue id=\"(\\d+)\"").Groups[1].Value;
            Assert.NotEmpty(queueId);
            driver.SaveScreenshot("swagger-createDownloadQueue");

            // The flow goes on with the queue just created: getDownloadQueue with its id as the path parameter.
            (status, body) = TryItOut(driver, "getDownloadQueue", ("queueId", queueId));
            Assert.True(status == "200", $"getDownloadQueue answered {status}: {body}");
            Assert.Contains($"id=\"{queueId}\"", body);
        }
        finally
        {
            driver.SaveScreenshot("swagger-last-step"); // where it stopped, passing or failing
        }
    }

    /// <summary>Expands the operation, presses "Try it out", fills parameters, executes; returns the live status and body.</summary>
    private static (string Status, string Body) TryItOut(IWebDriver driver, string operationId, params (string Name, string Value)[] parameters)
    {
        var block = $"#operations-Download_Queue-{operationId}";
        driver.WaitFor(By.CssSelector($"{block} .opblock-summary")).Click();
        driver.WaitFor(By.CssSelector($"{block} .try-out__btn")).Click();
        foreach (var (name, value) in parameters)
            driver.WaitFor(By.CssSelector($"{block} tr[data-param-name='{name}'] input")).SendKeys(value);
        driver.WaitFor(By.CssSelector($"{block} .execute")).Click();
        var status = new WebDriverWait(driver, TimeSpan.FromSeconds(30)).Until(d =>
            d.FindElements(By.CssSelector($"{block} .live-responses-table tbody .response-col_status"))
                .Select(e => e.Text.Trim()).FirstOrDefault(t => t.Length > 0))!;
        var response = driver.FindElement(By.CssSelector($"{block} .live-responses-table tbody .response-col_description"));
        ((IJavaScriptExecutor)driver).ExecuteScript("arguments[0].scrollIntoView({block: 'center'})", response); // the screenshot shows the answer
        return (status, response.Text);
    }
}
