using Aspire.Hosting.Testing;
using Microsoft.Playwright;

namespace CryptApp.IntegrationTests.Browser;

/// <summary>
/// The AppHost with a healthy exchange (every open symbol answers) and the ETL only on request, plus a
/// real Chromium (see <see cref="ChromiumLauncher"/>) driven by Playwright.
/// </summary>
public sealed class BrowserAppHost : CryptAppHost
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri AdminUrl { get; private set; } = null!;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Jobs:CollectProcessCryptos:Schedule=0 0 0 1 1 ? 2099",
        "--Admin:Lockout=00:00:02",
    ];

    protected override void ConfigureExchange(FakeExchange exchange)
    {
        exchange.Set(FakeMarkets.ServerError, FakeBehavior.Book);
        exchange.Set(FakeMarkets.HtmlPage, FakeBehavior.Book);
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        AdminUrl = App.GetEndpoint("admin", "http");
        Directory.CreateDirectory(Screenshots);

        _playwright = await Playwright.CreateAsync();
        Browser = await ChromiumLauncher.LaunchAsync(_playwright);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
