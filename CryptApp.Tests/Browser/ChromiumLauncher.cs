using Microsoft.Playwright;

namespace CryptApp.Tests.Browser;

/// <summary>
/// Finds a Chromium for the browser tests, in order: <c>CRYPTAPP_CHROMIUM</c> (a path), a <c>chromium</c>
/// on PATH (Debian's), Playwright's own install; where there is none, Playwright's installer fetches it;
/// where that cannot work (no internet), one exception names the fixes. Never a silent skip.
/// </summary>
public static class ChromiumLauncher
{
    public const string Setting = "CRYPTAPP_CHROMIUM";

    private static readonly string[] OnPath = ["chromium", "chromium-browser"];

    // Headless on a root CI machine with no GPU and no network beyond the package registries.
    private static readonly string[] Args =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        if (Environment.GetEnvironmentVariable(Setting) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? await LaunchAsync(playwright, configured)
                : throw new InvalidOperationException($"{Setting}={configured}, but there is no such file.");
        }

        if (OnPath.Select(Executables.Find).FirstOrDefault(path => path is not null) is { } onPath)
        {
            return await LaunchAsync(playwright, onPath);
        }

        if (await TryLaunchAsync(playwright) is { } own)
        {
            return own;
        }

        var installer = await InstallAsync();
        return await TryLaunchAsync(playwright)
               ?? throw new InvalidOperationException(
                   $"No Chromium for the browser tests: none at {Setting}, no chromium on PATH, and Playwright's installer {installer}. " +
                   $"Fix: apt-get install -y chromium (what .ci/run does), or set {Setting}=/path/to/chrome, " +
                   "or run Playwright's installer where the internet is reachable: pwsh CryptApp.Tests/bin/Debug/net10.0/playwright.ps1 install chromium.");
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string? executable) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = Args });

    /// <summary>Playwright's own Chromium, when its installer put one in its cache.</summary>
    private static async Task<IBrowser?> TryLaunchAsync(IPlaywright playwright)
    {
        try
        {
            return await LaunchAsync(playwright, executable: null);
        }
        catch (PlaywrightException ex) when (ex.Message.Contains("Executable doesn't exist", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
    }

    private static async Task<string> InstallAsync()
    {
        // The installer is synchronous and downloads; bound it so a black-holed network fails, not hangs.
        var install = Task.Run(() => Microsoft.Playwright.Program.Main(["install", "chromium"]));
        try
        {
            var exitCode = await install.WaitAsync(TimeSpan.FromMinutes(5));
            return $"exited {exitCode}";
        }
        catch (TimeoutException)
        {
            return "did not finish within 5 minutes";
        }
    }
}
