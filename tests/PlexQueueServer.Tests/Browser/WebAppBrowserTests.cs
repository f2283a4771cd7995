using System.Drawing;
using System.Net;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using PlexQueueServer.Tests.Infrastructure;
using PlexQueueServer.Tests.Library;
using static PlexQueueServer.Tests.Library.TreeLibraryFactory;

namespace PlexQueueServer.Tests.Browser;

/// <summary>The tree library (movies, music, a TV section) on a real socket, alice an admin, for the browser.</summary>
public sealed class WebAppServerFactory : TreeLibraryFactory
{
    public WebAppServerFactory()
    {
        Port = KestrelServerFactory.FreePort();
        UseKestrel(Port);
        StartServer();
    }

    public int Port { get; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    protected override IDictionary<string, string?> ExtraSettings
    {
        get
        {
            var settings = base.ExtraSettings;
            settings["Auth:Users:0:Admin"] = "true";
            settings["Transcoder:CacheLimit"] = "1GB"; // the admin view draws the cache against it
            return settings;
        }
    }
}

/// <summary>The whole flow in headless Chromium: sign in, browse, queue a season with a preset, watch it finish, download, cancel.</summary>
public sealed class WebAppBrowserTests(WebAppServerFactory server) : IClassFixture<WebAppServerFactory>
{
    [Fact]
    public async Task A_person_signs_in_queues_a_season_watches_it_finish_downloads_it_and_cancels_another_item()
    {
        var api = await server.ScannedClientAsync();
        var show = (await api.GetContainerAsync($"/library/sections/{Shows}/all?title=Alpha")).Metadata().Single().RatingKey();
        var season = (await api.GetContainerAsync($"/library/metadata/{show}/children")).Metadata().First().RatingKey();
        var episodes = (await api.GetContainerAsync($"/library/metadata/{season}/children")).Metadata().ToList();
        var slow = await api.FindRatingKeyAsync(Movies, "Slow Movie");

        using var driver = Chromium.Start();
        var step = "sign-in";
        try
        {
            driver.Navigate().GoToUrl($"{server.BaseUrl}/web");
            driver.WaitFor(By.Id("token")).SendKeys(PlexServerFactory.AliceToken);
            driver.FindElement(By.CssSelector("#signin-form button[type=submit]")).Click();
            Assert.Contains("alice", driver.WaitFor(By.Id("who-name")).Text);
            Assert.DoesNotContain(PlexServerFactory.AliceToken, driver.Url);
            // Set once: were the page reloaded, this would be gone.
            ((IJavaScriptExecutor)driver).ExecuteScript("window.notReloaded = true;");

            step = "browse";
            driver.WaitFor(By.CssSelector($"#sections button[data-section='{Shows}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{show}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{season}']")).Click();
            var episode = episodes[0];
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{episode.RatingKey()}']")).Click();
            Until(driver, d => d.FindElement(By.Id("add-title")).Text.Contains(episode.Title()));
            // Thumbnails come from authenticated fetches, shown as blob: URLs.
            Until(driver, d => d.FindElements(By.CssSelector("#grid img")).Any(i => (i.GetAttribute("src") ?? "").StartsWith("blob:")));
            driver.SaveScreenshot("web-app-episode");

            step = "queue the season";
            driver.FindElement(By.CssSelector("#trail button")).Click(); // back to the section, then the show
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{show}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{season}']")).Click();
            Until(driver, d => d.FindElement(By.Id("add-title")).Text.Contains("every episode"));
            driver.FindElement(By.CssSelector("#preset option[value='480p']")).Click(); // "480p 1.5 Mbps"
            Until(driver, d => d.FindElement(By.Id("estimate")).Text.Contains($"for {episodes.Count} item(s)"));
            Assert.Matches("≈ [0-9.]+ [KM]?B", driver.FindElement(By.Id("estimate")).Text);
            driver.FindElement(By.Id("add-button")).Click();
            Until(driver, d => d.FindElement(By.Id("add-result")).Text.Contains($"Added {episodes.Count} item(s)"));

            step = "progress";
            driver.FindElement(By.CssSelector("#nav button[data-view='downloads']")).Click();
            // The page listens to the push stream (fetch + the token header; polling remains the fallback).
            Until(driver, d => d.FindElement(By.Id("live-mode")).Text.Contains("pushed"));
            var rows = By.CssSelector("#queues li.item");
            Until(driver, d => d.FindElements(rows).Count == episodes.Count, seconds: 30);
            Until(driver, d => d.FindElements(rows).All(r => r.GetAttribute("data-status") == "available"), seconds: 120);
            Assert.All(driver.FindElements(By.CssSelector("#queues li.item progress")), p => Assert.Equal("100", p.GetAttribute("value")));
            Assert.All(driver.FindElements(By.CssSelector("#queues li.item .percent")), p => Assert.Equal("100 %", p.Text));
            Assert.Equal(true, ((IJavaScriptExecutor)driver).ExecuteScript("return window.notReloaded === true;"));
            driver.SaveScreenshot("web-app-downloads");

            step = "download";
            var first = driver.FindElements(rows)[0];
            var itemId = first.GetAttribute("data-item");
            first.FindElement(By.CssSelector("button.download")).Click();
            var link = driver.WaitFor(By.Id("download-link")).GetAttribute("href")!;
            Assert.DoesNotContain(PlexServerFactory.AliceToken, link);
            using (var anonymous = new HttpClient())
            {
                var file = await anonymous.GetAsync(link);
                Assert.Equal(HttpStatusCode.OK, file.StatusCode);
                var path = Path.Combine(server.Root, $"downloaded-{itemId}.mp4");
                await File.WriteAllBytesAsync(path, await file.Content.ReadAsByteArrayAsync());
                using var probe = TestMedia.Probe(path);
                Assert.Contains(probe.RootElement.GetProperty("streams").EnumerateArray(), s => s.GetProperty("codec_type").GetString() == "video");
            }

            step = "decision";
            first.FindElement(By.CssSelector("button.show-decision")).Click();
            Until(driver, d => d.FindElement(By.Id($"decision-{itemId}")).FindElements(By.TagName("li")).Count > 0);

            step = "cancel another item";
            driver.FindElement(By.CssSelector("#nav button[data-view='library']")).Click();
            driver.WaitFor(By.CssSelector($"#sections button[data-section='{Movies}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{slow}']")).Click();
            Until(driver, d => d.FindElement(By.Id("add-title")).Text.Contains("Slow Movie"));
            driver.FindElement(By.CssSelector("#preset option[value='720p']")).Click(); // "720p 4 Mbps"
            driver.FindElement(By.Id("add-button")).Click();
            Until(driver, d => d.FindElement(By.Id("add-result")).Text.StartsWith("Added 1 item(s)"));
            driver.FindElement(By.CssSelector("#nav button[data-view='downloads']")).Click();
            // Live updates re-render the rows: find and click in one step, again if the row was replaced meanwhile.
            string? cancelled = null;
            Until(driver, d =>
            {
                var cancel = d.FindElement(By.CssSelector("#queues li.item button.cancel"));
                var item = cancel.FindElement(By.XPath("ancestor::li[1]")).GetAttribute("data-item");
                cancel.Click();
                cancelled = item;
                return true;
            });
            Until(driver, d => d.FindElements(By.Id($"item-{cancelled}")).Count == 0);
            var queueId = driver.FindElement(By.CssSelector("#queues section.queue")).GetAttribute("id")!["queue-".Length..];
            Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync($"/downloadQueue/{queueId}/items/{cancelled}")).StatusCode);
            Assert.Equal(episodes.Count, driver.FindElements(rows).Count);

            step = "admin";
            driver.FindElement(By.CssSelector("#nav button[data-view='admin']")).Click();
            Assert.Equal("1073741824", driver.WaitFor(By.Id("cache-meter")).GetAttribute("max"));
            Assert.Contains("of 1.0 GB", driver.FindElement(By.Id("cache-text")).Text);
            driver.WaitFor(By.Id("conversions-chart"));
            Assert.Contains("alice", driver.FindElement(By.Id("admin-queues")).Text);
            driver.SaveScreenshot("web-app-admin");

            step = "phone";
            driver.Manage().Window.Size = new Size(390, 844);
            driver.FindElement(By.CssSelector("#nav button[data-view='downloads']")).Click();
            driver.WaitFor(By.CssSelector("#queues li.item"));
            driver.SaveScreenshot("web-app-phone");

            step = "sign-out";
            driver.FindElement(By.Id("sign-out")).Click();
            driver.WaitFor(By.Id("token"));
            Assert.Null(((IJavaScriptExecutor)driver).ExecuteScript("return localStorage.getItem('plexqueue.token');"));
        }
        catch (Exception e)
        {
            driver.SaveScreenshot("web-app-failed");
            throw new Exception($"Failed at '{step}': {e.Message}", e);
        }
    }

    [Fact]
    public async Task A_plain_user_signs_in_without_an_admin_view_searches_and_browses_an_album_and_a_wrong_token_is_refused()
    {
        var api = await server.ScannedClientAsync();
        var artist = (await api.GetContainerAsync($"/library/sections/{Music}/all")).Metadata().Single().RatingKey();
        var album = (await api.GetContainerAsync($"/library/metadata/{artist}/children")).Metadata().Single(a => a.Title() == "Test Album").RatingKey();
        using var driver = Chromium.Start();
        try
        {
            driver.Navigate().GoToUrl($"{server.BaseUrl}/web");
            driver.WaitFor(By.Id("token")).SendKeys("not-a-token");
            driver.FindElement(By.CssSelector("#signin-form button[type=submit]")).Click();
            Until(driver, d => d.FindElement(By.Id("signin-error")).Text.Contains("refused"));

            driver.FindElement(By.Id("token")).SendKeys(PlexServerFactory.BobToken + Keys.Enter);
            Assert.Contains("bob", driver.WaitFor(By.Id("who-name")).Text);
            Assert.False(driver.FindElement(By.Id("nav-admin")).Displayed);

            // Search by title finds the show among every kind of item.
            driver.WaitFor(By.Id("search")).SendKeys("alpha" + Keys.Enter);
            Until(driver, d => d.FindElements(By.CssSelector("#grid button.tile[data-type='show']")).Any(t => t.Text.Contains("Alpha Show")));

            // Artists → albums → tracks; an album offers the audio presets and estimates its tracks.
            driver.FindElement(By.CssSelector($"#sections button[data-section='{Music}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{artist}']")).Click();
            driver.WaitFor(By.CssSelector($"button.tile[data-key='{album}']")).Click();
            Until(driver, d => d.FindElements(By.CssSelector("#grid button.tile[data-type='track']")).Count == 2);
            var presets = driver.FindElements(By.CssSelector("#preset option")).Select(o => o.Text).ToList();
            Assert.Equal(["Original", "Audio 320 kbps", "Audio 128 kbps"], presets);
            driver.FindElement(By.CssSelector("#preset option[value='audio128']")).Click();
            Until(driver, d => d.FindElement(By.Id("estimate")).Text.Contains("for 2 item(s)"));
            // Two 2 s tracks at 128 kbps: about 64 KB.
            Assert.Matches("≈ (6[0-9]|70) KB", driver.FindElement(By.Id("estimate")).Text);
        }
        finally
        {
            driver.SaveScreenshot("web-app-plain-user");
        }
    }

    private static void Until(ChromeDriver driver, Func<IWebDriver, bool> condition, int seconds = 30)
    {
        var wait = new WebDriverWait(driver, TimeSpan.FromSeconds(seconds));
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        wait.Until(condition);
    }
}
