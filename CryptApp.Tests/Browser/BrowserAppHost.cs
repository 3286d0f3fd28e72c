using Aspire.Hosting.Testing;
using CryptApp.Tests.Fakes;
using CryptApp.Tests.Integration;
using Microsoft.Playwright;

namespace CryptApp.Tests.Browser;

/// <summary>
/// The AppHost with a healthy exchange (every open symbol answers) and the ETL only on request, plus a
/// real Chromium (Debian's, found on PATH) driven by Playwright.
/// </summary>
public sealed class BrowserAppHost : CryptAppHost
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public Uri AdminUrl { get; private set; } = null!;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override string CacheMode => "RedisServer";

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

        var chromium = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "chromium"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("chromium is not on PATH: run .ci/run or apt-get install -y chromium.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
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
