using Microsoft.Playwright;

namespace CryptApp.Tests.Infrastructure.Browser;

/// <summary>
/// Finds a Chromium for the browser tests, in order: <c>CRYPTAPP_CHROMIUM</c> (a path), a <c>chromium</c> on PATH
/// (Debian's), Playwright's own install. Nothing is downloaded: where there is none, the reason is returned and the
/// browser tests are skipped with it (see <see cref="Prerequisite.Chromium"/>).
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

    /// <summary>The launched browser, or null and why there is no Chromium to launch.</summary>
    public static async Task<(IBrowser? Browser, string? Missing)> LaunchAsync(IPlaywright playwright)
    {
        if (Environment.GetEnvironmentVariable(Setting) is { Length: > 0 } configured)
        {
            return File.Exists(configured)
                ? (await LaunchAsync(playwright, configured), null)
                : throw new InvalidOperationException($"{Setting}={configured}, but there is no such file.");
        }

        if (OnPath.Select(Executables.Find).FirstOrDefault(path => path is not null) is { } onPath)
        {
            return (await LaunchAsync(playwright, onPath), null);
        }

        return await TryLaunchOwnAsync(playwright) is { } own
            ? (own, null)
            : (null, $"No Chromium for the browser tests: {Setting} is not set, there is no chromium on PATH, and Playwright has no browser " +
                     "of its own (its installer downloads one where the internet is reachable: pwsh CryptApp.Tests/bin/Debug/net10.0/playwright.ps1 install chromium).");
    }

    private static Task<IBrowser> LaunchAsync(IPlaywright playwright, string? executable) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = executable, Headless = true, Args = Args });

    /// <summary>Playwright's own Chromium, when its installer put one in its cache.</summary>
    private static async Task<IBrowser?> TryLaunchOwnAsync(IPlaywright playwright)
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
}
