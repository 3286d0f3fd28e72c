using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace CryptApp.IntegrationTests.Browser;

/// <summary>The Admin in a real Chromium, against the real Admin and Api started by the AppHost.</summary>
public sealed class AdminBrowserTests(BrowserAppHost host) : IClassFixture<BrowserAppHost>
{
    private const int TestTimeout = 180_000;
    private const float Wait = 30_000;

    [Theory(Timeout = TestTimeout)]
    [InlineData("/")]
    [InlineData("/markets")]
    [InlineData("/markets/BTC-USD")]
    [InlineData("/jobs")]
    public async Task Unauthenticated_requests_to_any_page_redirect_to_sign_in(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.AdminUrl };

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_wrong_password_is_refused_and_a_right_one_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await host.Browser.NewContextAsync(new() { BaseURL = host.AdminUrl.ToString() });
        var page = await context.NewPageAsync();

        await SignInAsync(page, "not-the-password");
        await Assertions.Expect(page.Locator("#signin-error")).ToBeVisibleAsync(new() { Timeout = Wait });
        Assert.Contains("/signin", page.Url);
        await page.ScreenshotAsync(new() { Path = Shot("signin-refused-light") });

        ct.ThrowIfCancellationRequested();
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await ExpectOverviewAsync(page);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Operator_runs_the_etl_browses_markets_and_reads_a_market()
    {
        // Every Playwright wait below has its own timeout; the test's token stops between steps.
        var ct = TestContext.Current.CancellationToken;
        await using var context = await host.Browser.NewContextAsync(new()
        {
            BaseURL = host.AdminUrl.ToString(),
            ViewportSize = new() { Width = 1400, Height = 1000 },
            TimezoneId = "Europe/Paris",
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/signin");
        await page.ScreenshotAsync(new() { Path = Shot("signin-light") });
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await page.WaitForURLAsync(new Regex("/$"), new() { Timeout = Wait });

        // Jobs: Run now → confirm → live progress → the new run appears in the history.
        await page.GotoAsync("/jobs");
        await WaitForInteractiveAsync(page);
        await page.Locator("[data-run-now='collect-process-cryptos']").ClickAsync(new() { Timeout = Wait });
        await page.GetByRole(AriaRole.Button, new() { Name = "Run", Exact = true }).ClickAsync(new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#active-run")).ToBeVisibleAsync(new() { Timeout = Wait });
        await page.ScreenshotAsync(new() { Path = Shot("jobs-progress-light") });
        await Assertions.Expect(page.Locator("#active-run")).ToBeHiddenAsync(new() { Timeout = 90_000 });
        var latest = page.Locator("#run-history tbody tr").First;
        await Assertions.Expect(latest.Locator("[data-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = Wait });
        await Assertions.Expect(latest).ToContainTextAsync("manual");

        ct.ThrowIfCancellationRequested();

        // Markets: the collected symbols, sortable.
        await page.GotoAsync("/markets");
        await WaitForInteractiveAsync(page);
        var grid = page.Locator("#markets-grid");
        await Assertions.Expect(grid).ToContainTextAsync("BTC-USD", new() { Timeout = Wait });
        await Assertions.Expect(grid).ToContainTextAsync("GEN00-USD");
        await grid.Locator("th", new() { HasText = "Symbol" }).Locator(".mud-sort-btn, .sort-direction-icon, span").First.ClickAsync();
        await grid.Locator("th", new() { HasText = "Symbol" }).Locator(".mud-sort-btn, .sort-direction-icon, span").First.ClickAsync();
        await Assertions.Expect(grid.Locator("tbody tr").First).ToContainTextAsync("XLM-EUR", new() { Timeout = Wait });
        await page.ScreenshotAsync(new() { Path = Shot("markets-light"), FullPage = true });

        ct.ThrowIfCancellationRequested();

        // Detail: metric cards, depth and history charts, slippage.
        await grid.Locator("tbody tr", new() { HasText = "BTC-USD" }).First.ClickAsync();
        await page.WaitForURLAsync("**/markets/BTC-USD", new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("[data-chart='depth'] polyline")).ToHaveCountAsync(2, new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("[data-chart='history-mid'] polyline")).ToHaveCountAsync(1, new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("[data-figure='Best bid']")).ToHaveTextAsync("8,493.10");
        await page.Locator("#slippage-go").ClickAsync();
        await Assertions.Expect(page.Locator("#slippage-result")).ToContainTextAsync("VWAP", new() { Timeout = Wait });
        await ShotAsync(page, "market-detail-light");

        await page.GotoAsync("/");
        await WaitForInteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-figure='Markets collected']")).Not.ToHaveTextAsync("0", new() { Timeout = Wait });
        await page.ScreenshotAsync(new() { Path = Shot("overview-light"), FullPage = true });

        // Dark mode, remembered across pages.
        await page.Locator("#theme-toggle").ClickAsync();
        await page.WaitForTimeoutAsync(300);
        await page.ScreenshotAsync(new() { Path = Shot("overview-dark"), FullPage = true });
        foreach (var (path, name) in new[] { ("/markets", "markets-dark"), ("/markets/BTC-USD", "market-detail-dark"), ("/jobs", "jobs-dark") })
        {
            await page.GotoAsync(path);
            await WaitForInteractiveAsync(page);
            await page.WaitForTimeoutAsync(1000);
            await ShotAsync(page, name);
        }

        Assert.True(await page.EvaluateAsync<bool>(
            "() => getComputedStyle(document.querySelector('.mud-layout') ?? document.body).backgroundColor !== 'rgb(255, 255, 255)'"));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task After_an_admin_restart_the_browser_is_still_signed_in_and_keeps_its_theme()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await host.Browser.NewContextAsync(new() { BaseURL = host.AdminUrl.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await ExpectOverviewAsync(page);
        await WaitForInteractiveAsync(page);
        await page.Locator("#theme-toggle").ClickAsync();
        await WaitForThemeAsync(page, dark: true);

        // The old page's Blazor client reloads by itself once its circuit is gone: a page of our own, same context.
        await page.CloseAsync();
        ct.ThrowIfCancellationRequested();
        await host.RestartAsync("admin", ct);

        page = await context.NewPageAsync();
        await page.GotoAsync("/", new() { Timeout = Wait });
        await WaitForInteractiveAsync(page);
        await ExpectOverviewAsync(page);
        await WaitForThemeAsync(page, dark: true);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "overview-after-restart-dark");
        Assert.True(await host.DataProtectionKeysAsync(ct) > 0, "the key ring is not in Redis");

        // A theme protected with keys the Admin no longer has (Redis flushed): dropped, not an error on every page.
        await page.EvaluateAsync("() => localStorage.setItem('cryptapp-dark', 'CfDJ8-not-protected-by-any-key-we-have')");
        await page.ReloadAsync(new() { Timeout = Wait });
        await WaitForInteractiveAsync(page);
        await page.WaitForFunctionAsync("() => localStorage.getItem('cryptapp-dark') === null", null, new() { Timeout = Wait });
        await WaitForThemeAsync(page, dark: false);
        await ExpectOverviewAsync(page);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "overview-after-lost-theme-light");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Wrong_passwords_from_one_address_lock_that_address_but_not_the_admin_elsewhere()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var stranger = await host.Browser.NewContextAsync(Behind("203.0.113.7"));
        await using var owner = await host.Browser.NewContextAsync(Behind("198.51.100.9"));
        var guessing = await stranger.NewPageAsync();

        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(guessing, $"guess-{i}");
            await guessing.WaitForURLAsync("**/signin?error=invalid*", new() { Timeout = Wait });
        }

        // Even the right password is refused from there now…
        await SignInAsync(guessing, CryptAppHost.AdminPassword);
        await guessing.WaitForURLAsync("**/signin?error=locked*", new() { Timeout = Wait });
        await Assertions.Expect(guessing.Locator("#signin-error")).ToContainTextAsync("locked out");
        await guessing.ScreenshotAsync(new() { Path = Shot("signin-locked-light") });

        // …while the admin at another address signs in.
        ct.ThrowIfCancellationRequested();
        var page = await owner.NewPageAsync();
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await ExpectOverviewAsync(page);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_return_url_that_leaves_the_site_lands_on_the_overview()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await host.Browser.NewContextAsync(new() { BaseURL = host.AdminUrl.ToString() });
        var page = await context.NewPageAsync();

        await SignInAsync(page, CryptAppHost.AdminPassword, "/signin?returnUrl=/%09/evil.com");
        ct.ThrowIfCancellationRequested();

        await ExpectOverviewAsync(page);
    }

    /// <summary>Signed in, on this site's root (not the sign-in page, not another site).</summary>
    private async Task ExpectOverviewAsync(IPage page)
    {
        await page.WaitForURLAsync(host.AdminUrl.GetLeftPart(UriPartial.Authority) + "/", new() { Timeout = Wait });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync(new() { Timeout = Wait });
    }

    private BrowserNewContextOptions Behind(string clientAddress) => new()
    {
        BaseURL = host.AdminUrl.ToString(),
        // What the ingress adds; the Admin believes it from loopback, its default known proxy.
        ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
    };

    /// <summary>The theme as painted: MudBlazor gives the page body the palette's background.</summary>
    private static async Task WaitForThemeAsync(IPage page, bool dark) =>
        await page.WaitForFunctionAsync(
            "dark => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number); return (r + g + b < 384) === dark; }",
            dark, new() { Timeout = Wait });

    private static async Task SignInAsync(IPage page, string password, string signInPath = "/signin")
    {
        await page.GotoAsync(signInPath);
        await page.FillAsync("#user", "admin");
        await page.FillAsync("#password", password);
        await page.ClickAsync("#signin-submit");
    }

    /// <summary>Blazor attaches its circuit after the first paint; clicks before that do nothing. The layout marks the moment.</summary>
    private static async Task WaitForInteractiveAsync(IPage page) =>
        await page.Locator(".mud-layout[data-interactive='true']").WaitForAsync(new() { Timeout = Wait });

    private async Task ShotAsync(IPage page, string name)
    {
        // The app bar is fixed: from the top, a full-page capture shows it where it belongs.
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await page.ScreenshotAsync(new() { Path = Shot(name), FullPage = true });
    }

    private string Shot(string name) => Path.Combine(host.Screenshots, $"{name}.png");
}
