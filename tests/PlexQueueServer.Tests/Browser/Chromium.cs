using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PlexQueueServer.Tests.Browser;

/// <summary>Headless Debian Chromium through chromedriver. Missing packages fail the test: CI installs them (docker/ci-checks.sh).</summary>
public static class Chromium
{
    public const string Binary = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";

    public static ChromeDriver Start()
    {
        if (!File.Exists(Binary) || !File.Exists(Driver))
            Assert.Fail($"Browser tests need {Binary} and {Driver}: apt-get install chromium chromium-driver (docker/ci-checks.sh does).");
        // Never let Selenium Manager look for a browser or driver online: this network is closed.
        Environment.SetEnvironmentVariable("SE_OFFLINE", "true");
        var profile = Path.Combine(Path.GetTempPath(), "plexqueue-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        var options = new ChromeOptions { BinaryLocation = Binary };
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1600", $"--user-data-dir={profile}");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(Driver)!, Path.GetFileName(Driver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static IWebElement WaitFor(this IWebDriver driver, By by, int seconds = 30) =>
        new WebDriverWait(driver, TimeSpan.FromSeconds(seconds)).Until(d => d.FindElements(by).FirstOrDefault(e => e.Displayed));

    /// <summary>A PNG in the test output folder's screenshots/, kept as the CI artifact.</summary>
    public static string SaveScreenshot(this ITakesScreenshot driver, string name)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, name + ".png");
        driver.GetScreenshot().SaveAsFile(file);
        return file;
    }
}
