using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using CryptApp.Admin.Components.Shared;
using CryptApp.Contracts.Pairs;
using Microsoft.Playwright;

namespace CryptApp.Tests.Browser;

/// <summary>The Admin in a real Chromium, against the real Admin and Api started by the AppHost.</summary>
public sealed class AdminBrowserTests : IClassFixture<BrowserAppHost>
{
    private const int TestTimeout = 180_000;
    private const float Wait = 30_000;

    private readonly BrowserAppHost _host;

    public AdminBrowserTests(BrowserAppHost host)
    {
        host.RequireChromium();
        _host = host;
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("/")]
    [InlineData("/markets")]
    [InlineData("/markets/BTC-USD")]
    [InlineData("/jobs")]
    [InlineData("/pairs")]
    [InlineData("/pairs/BTC-USDT")]
    [InlineData("/exchanges")]
    public async Task Unauthenticated_requests_to_any_page_redirect_to_sign_in(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.AdminUrl };

        using var response = await client.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.IsAbsoluteUri ? response.Headers.Location.PathAndQuery : response.Headers.Location.OriginalString);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_wrong_password_is_refused_and_a_right_one_accepted()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await _host.Browser.NewContextAsync(new() { BaseURL = _host.AdminUrl.ToString() });
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
        await using var context = await _host.Browser.NewContextAsync(new()
        {
            BaseURL = _host.AdminUrl.ToString(),
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
        // The run's one venue part, taken by the one Worker: its status and the replica running it.
        await Assertions.Expect(page.Locator("#run-venues")).ToContainTextAsync(new Regex(@"blockchain: Running \d+/\d+ · \S+:\d+"), new() { Timeout = Wait });
        await page.ScreenshotAsync(new() { Path = Shot("jobs-progress-light") });
        await Assertions.Expect(page.Locator("#active-run")).ToBeHiddenAsync(new() { Timeout = 90_000 });
        var latest = page.Locator("#run-history tbody tr").First;
        await Assertions.Expect(latest.Locator("[data-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = Wait });
        await Assertions.Expect(latest).ToContainTextAsync("manual");

        ct.ThrowIfCancellationRequested();

        // Markets: the collected symbols, sortable (Blockchain.com's only: other tests seed other venues' markets).
        await page.GotoAsync("/markets?exchange=blockchain");
        await WaitForInteractiveAsync(page);
        var grid = page.Locator("#markets-grid");
        await Assertions.Expect(grid).ToContainTextAsync("BTC-USD", new() { Timeout = Wait });
        await Assertions.Expect(grid).ToContainTextAsync("GEN00-USD");
        await SortDescendingAsync(grid, "Symbol", "XLM-EUR");
        await page.ScreenshotAsync(new() { Path = Shot("markets-light"), FullPage = true });

        ct.ThrowIfCancellationRequested();

        // Detail: metric cards, depth and history charts, slippage.
        // Exactly BTC-USD: venue markets seeded by other tests (coinbase:BTC-USD, okx:BTC-USDT) contain the text too.
        await OpenFromGridAsync(
            page, grid.Locator("tbody tr").Filter(new() { Has = page.GetByRole(AriaRole.Cell, new() { Name = "BTC-USD", Exact = true }) }).First, "**/markets/BTC-USD");
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
        await WaitForThemeAsync(page, dark: true);
        await page.ScreenshotAsync(new() { Path = Shot("overview-dark"), FullPage = true });
        (string Path, string Name)[] darkPages =
        [
            ("/markets", "markets-dark"), ("/markets/BTC-USD", "market-detail-dark"), ("/pairs/BTC-USD", "pair-single-venue-dark"),
            ("/exchanges", "exchanges-dark"), ("/jobs", "jobs-dark"),
        ];
        foreach (var (path, name) in darkPages)
        {
            await page.GotoAsync(path);
            await WaitForInteractiveAsync(page);
            // Remembered means painted dark on arrival; the pause lets charts and grids settle for the picture.
            await WaitForThemeAsync(page, dark: true);
            await page.WaitForTimeoutAsync(1000);
            await ShotAsync(page, name);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task After_an_admin_restart_the_browser_is_still_signed_in_and_keeps_its_theme()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await _host.Browser.NewContextAsync(new() { BaseURL = _host.AdminUrl.ToString(), ViewportSize = new() { Width = 1400, Height = 900 } });
        var page = await context.NewPageAsync();
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await ExpectOverviewAsync(page);
        await WaitForInteractiveAsync(page);
        await page.Locator("#theme-toggle").ClickAsync();
        await WaitForThemeAsync(page, dark: true);

        // The old page's Blazor client reloads by itself once its circuit is gone: a page of our own, same context.
        await page.CloseAsync();
        ct.ThrowIfCancellationRequested();
        await _host.RestartAsync("admin", ct);

        page = await context.NewPageAsync();
        await page.GotoAsync("/", new() { Timeout = Wait });
        await WaitForInteractiveAsync(page);
        await ExpectOverviewAsync(page);
        await WaitForThemeAsync(page, dark: true);
        await Assertions.Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await ShotAsync(page, "overview-after-restart-dark");
        Assert.True(await _host.DataProtectionKeysAsync(ct) > 0, "the key ring is not in Redis");

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
        await using var stranger = await _host.Browser.NewContextAsync(Behind("203.0.113.7"));
        await using var owner = await _host.Browser.NewContextAsync(Behind("198.51.100.9"));
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
        await using var context = await _host.Browser.NewContextAsync(new() { BaseURL = _host.AdminUrl.ToString() });
        var page = await context.NewPageAsync();

        await SignInAsync(page, CryptAppHost.AdminPassword, "/signin?returnUrl=/%09/evil.com");
        ct.ThrowIfCancellationRequested();

        await ExpectOverviewAsync(page);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Markets_filtered_by_venue_list_only_that_venues_markets_and_link_to_detail_and_pair()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await SignedInWithVenuesAsync("/markets", ct);
        var page = context.Pages[0];
        var grid = page.Locator("#markets-grid");
        await Assertions.Expect(grid).ToContainTextAsync("okx:BTC-USDT", new() { Timeout = Wait });
        await SelectVenueAsync(page, "Kraken");
        await Assertions.Expect(grid.Locator("tbody tr")).ToHaveCountAsync(1, new() { Timeout = Wait });
        await Assertions.Expect(grid.Locator("tbody tr [data-venue='kraken']")).ToHaveTextAsync("Kraken");
        await Assertions.Expect(grid.Locator("tbody tr [data-stale]")).ToBeVisibleAsync();
        await ShotAsync(page, "markets-stale-venue-light");

        await SelectVenueAsync(page, "OKX");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/markets\\?exchange=okx$"), new() { Timeout = Wait });
        var rows = grid.Locator("tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(1, new() { Timeout = Wait });
        await Assertions.Expect(rows.Locator("[data-venue='okx']")).ToHaveTextAsync("OKX");
        await Assertions.Expect(rows).ToContainTextAsync("okx:BTC-USDT");
        await Assertions.Expect(rows.Locator("[data-stale]")).ToHaveCountAsync(0);
        await ShotAsync(page, "markets-venue-filter-light");

        ct.ThrowIfCancellationRequested();
        await OpenFromGridAsync(page, rows.First.Locator("td").First, "**/markets/okx%3ABTC-USDT");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "okx:BTC-USDT" })).ToBeVisibleAsync(new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("[data-figure='Best bid']")).Not.ToHaveTextAsync("—", new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#market-pair-link")).ToHaveAttributeAsync("href", "/pairs/BTC-USDT");
        await Assertions.Expect(page.Locator("[data-chart='depth'] polyline")).ToHaveCountAsync(2, new() { Timeout = Wait });
        await ShotAsync(page, "market-detail-venue-light");

        await page.GoBackAsync();
        await WaitForInteractiveAsync(page);
        await OpenFromGridAsync(page, page.Locator("#markets-grid [data-pair-link='BTC-USDT']").First, "**/pairs/BTC-USDT");
        await Assertions.Expect(page.Locator("#pair-venues tbody tr")).ToHaveCountAsync(3, new() { Timeout = Wait });
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_new_filter_starts_on_the_first_page()
    {
        var ct = TestContext.Current.CancellationToken;
        // Both lists longer than a page of 25: a list shorter than the page shown sends the grid to its first page anyway.
        var pairs = Enumerable.Range(0, 60).Select(i => $"PG{i:00}-{(i < 30 ? "PGA" : "PGB")}").ToList();
        await _host.SeedMarketsAsync("binance", pairs, ct);
        try
        {
            await using var context = await SignedInWithVenuesAsync("/markets?exchange=binance", ct);
            var page = context.Pages[0];
            var shown = page.Locator("#markets-grid .mud-table-pagination-caption", new() { HasTextRegex = new Regex(" of ") });
            await Assertions.Expect(shown).ToHaveTextAsync("1-25 of 61", new() { Timeout = Wait });
            await page.Locator("#markets-grid .mud-table-pagination-actions button").Nth(2).ClickAsync(new() { Timeout = Wait });
            await Assertions.Expect(shown).ToHaveTextAsync("26-50 of 61", new() { Timeout = Wait });

            await page.Locator("#markets-quote").FillAsync("PGA");
            await page.Locator("#markets-quote").PressAsync("Tab");
            await Assertions.Expect(page).ToHaveURLAsync(new Regex("quote=PGA"), new() { Timeout = Wait });
            await Assertions.Expect(shown).ToHaveTextAsync("1-25 of 30", new() { Timeout = Wait });
            await Assertions.Expect(page.Locator("#markets-grid tbody tr").First).ToContainTextAsync("binance:PG00-PGA");
        }
        finally
        {
            await _host.RemoveMarketsAsync("binance", pairs, ct);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_live_price_change_shows_on_the_market_page_the_pair_page_and_the_grid_without_reloading()
    {
        var ct = TestContext.Current.CancellationToken;
        var version = 1;
        var written = await _host.WriteLiveAsync("okx", "SOL-USDT", 150, version, ct);
        try
        {
            await ShowsLivePriceChangesAsync(written, ct);
        }
        finally
        {
            // The class's other tests count the seeded venues' markets only.
            await _host.RemoveMarketsAsync("okx", ["SOL-USDT"], ct);
        }
    }

    private async Task ShowsLivePriceChangesAsync(WrittenBook written, CancellationToken ct)
    {
        var version = 1;
        await using var context = await SignedInWithVenuesAsync("/markets/okx:SOL-USDT", ct);
        var page = context.Pages[0];
        await Assertions.Expect(page.Locator("[data-live-state='live']")).ToBeVisibleAsync(new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("[data-lag-ms='20']")).ToBeVisibleAsync();

        foreach (var (path, check) in new (string Path, Func<WrittenBook, Task> Check)[]
        {
            ("/markets/okx:SOL-USDT", async book =>
            {
                await ExpectFigureAsync(page, "Best bid", Format.Price(book.Bids[0].Px));
                await Assertions.Expect(page.Locator("[data-ladder-bid='0']")).ToHaveTextAsync(Format.Price(book.Bids[0].Px));
                await Assertions.Expect(page.Locator("[data-ladder-ask-qty='0']")).ToHaveTextAsync(Format.Number(book.Asks[0].Qty, "G6"));
            }),
            ("/pairs/SOL-USDT", book => ExpectFigureAsync(page, "Best bid", Format.Price(book.Bids[0].Px))),
            ("/markets?exchange=okx", book => Assertions.Expect(page.Locator("[data-live-bid='okx:SOL-USDT']")).ToHaveTextAsync(Format.Price(book.Bids[0].Px), new() { Timeout = Wait })),
        })
        {
            if (!page.Url.EndsWith(path, StringComparison.Ordinal))
            {
                await page.GotoAsync(path);
                await WaitForInteractiveAsync(page);
            }

            await check(written);
            // A mark in this document: a reload would lose it.
            await page.EvaluateAsync("() => window.__sameDocument = 'yes'");
            written = await _host.WriteLiveAsync("okx", "SOL-USDT", 150 + (++version * 0.37), version, ct);
            await check(written);
            Assert.Equal("yes", await page.EvaluateAsync<string?>("() => window.__sameDocument ?? null"));
            await ShotAsync(page, $"live-{path.Trim('/').Replace('/', '-').Replace('?', '-').Replace('=', '-').Replace(':', '-')}");
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Two_pages_watching_two_markets_at_once_both_update_live_past_the_apis_cap_of_one_stream_per_client_address()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] markets = ["ADA-USDT", "XRP-USDT"];
        try
        {
            var written = new List<WrittenBook>();
            for (var i = 0; i < markets.Length; i++)
            {
                written.Add(await _host.WriteLiveAsync("okx", markets[i], 1 + i, 1, ct));
            }

            await using var context = await SignedInWithVenuesAsync($"/markets/okx:{markets[0]}", ct);
            var second = await context.NewPageAsync();
            await second.GotoAsync($"/markets/okx:{markets[1]}");
            await WaitForInteractiveAsync(second);
            IPage[] pages = [context.Pages[0], second];
            for (var i = 0; i < markets.Length; i++)
            {
                await Assertions.Expect(pages[i].Locator("[data-live-state='live']")).ToBeVisibleAsync(new() { Timeout = Wait });
                await ExpectFigureAsync(pages[i], "Best bid", Format.Price(written[i].Bids[0].Px));
            }

            // Both streams stay open side by side: each page gets its market's next write.
            for (var i = 0; i < markets.Length; i++)
            {
                var next = await _host.WriteLiveAsync("okx", markets[i], 1.5 + i, 2, ct);
                await ExpectFigureAsync(pages[i], "Best bid", Format.Price(next.Bids[0].Px));
            }
        }
        finally
        {
            await _host.RemoveMarketsAsync("okx", markets, ct);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_docs_javascript_client_reads_a_stream_with_chromiums_event_source()
    {
        var ct = TestContext.Current.CancellationToken;
        await _host.WriteLiveAsync("okx", "DOGE-USDT", 20, 1, ct);
        try
        {
            await ReadsWithEventSourceAsync(ct);
        }
        finally
        {
            await _host.RemoveMarketsAsync("okx", ["DOGE-USDT"], ct);
        }
    }

    private async Task ReadsWithEventSourceAsync(CancellationToken ct)
    {
        await using var context = await _host.Browser.NewContextAsync(new() { BaseURL = _host.Api.BaseAddress!.ToString() });
        var page = await context.NewPageAsync();
        // Same origin as the Api: no CORS needed.
        await page.GotoAsync("/health");
        var reading = page.EvaluateAsync<string[][]>(
            """
            path => new Promise((resolve, reject) => {
                const source = new EventSource(path);
                window.__seen = [];
                const take = e => {
                    const m = JSON.parse(e.data);
                    window.__seen.push([e.type, e.lastEventId, m.collectedAt, String(m.book.bids[0].px)]);
                    if (e.type === "update") { source.close(); resolve(window.__seen); }
                };
                source.addEventListener("snapshot", take);
                source.addEventListener("update", take);
                setTimeout(() => { source.close(); reject(new Error("no update: " + JSON.stringify(window.__seen))); }, 25000);
            })
            """,
            "/api/v1/markets/okx:DOGE-USDT/stream?levels=5");
        await page.WaitForFunctionAsync("() => window.__seen && window.__seen.length > 0", null, new() { Timeout = Wait });
        var second = await _host.WriteLiveAsync("okx", "DOGE-USDT", 21, 2, ct);

        var seen = await reading.WaitAsync(TimeSpan.FromSeconds(30), ct);
        Assert.Equal("snapshot", seen[0][0]);
        Assert.Equal("update", seen[^1][0]);
        Assert.NotEqual(seen[0][1], seen[^1][1]);
        Assert.Equal(second.At, DateTimeOffset.Parse(seen[^1][2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(second.Bids[0].Px, double.Parse(seen[^1][3], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Pair_page_compares_venues_with_the_apis_consolidated_figures_and_marks_the_stale_venue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await SignedInWithVenuesAsync("/pairs", ct);
        var page = context.Pages[0];
        var expected = (await _host.Api.GetFromJsonAsync<PairView>("/api/v1/pairs/BTC-USDT", VenueMarkets.Wire, ct).Within(Timeouts.Request, "GET the pair"))!;
        Assert.Equal(["binance", "kraken", "okx"], expected.Venues.Select(v => v.Venue).Order());
        await Assertions.Expect(page.Locator("#pairs-table tbody tr", new() { HasText = "BTC-USDT" })).ToContainTextAsync("Binance", new() { Timeout = Wait });
        await ShotAsync(page, "pairs-light");
        await page.Locator("#pairs-table [data-pair-link='BTC-USDT']").ClickAsync(new() { Timeout = Wait });
        await page.WaitForURLAsync("**/pairs/BTC-USDT", new() { Timeout = Wait });

        foreach (var (venue, name) in new[] { ("binance", "Binance"), ("okx", "OKX"), ("kraken", "Kraken") })
        {
            var quotes = expected.Venues.Single(v => v.Venue == venue);
            var row = page.Locator("#pair-venues tbody tr", new() { HasText = name });
            await Assertions.Expect(row).ToContainTextAsync(Format.Price(quotes.BestBid), new() { Timeout = Wait });
            await Assertions.Expect(row).ToContainTextAsync(Format.Price(quotes.BestAsk));
            await Assertions.Expect(row.Locator("[data-stale]")).ToHaveCountAsync(quotes.Stale ? 1 : 0);
        }

        await Assertions.Expect(page.Locator("#pair-venues tbody tr", new() { HasText = "Kraken" })).ToContainTextAsync("left out of the consolidated figures");
        var venueNames = new Dictionary<string, string> { ["binance"] = "Binance", ["okx"] = "OKX" };
        await ExpectFigureAsync(page, "Best bid", Format.Price(expected.BestBid!.Px));
        await Assertions.Expect(page.Locator("[data-figure-note='Best bid']")).ToContainTextAsync($"on {venueNames[expected.BestBid.Venue]}");
        await ExpectFigureAsync(page, "Best ask", Format.Price(expected.BestAsk!.Px));
        await Assertions.Expect(page.Locator("[data-figure-note='Best ask']")).ToContainTextAsync($"on {venueNames[expected.BestAsk.Venue]}");
        await ExpectFigureAsync(page, "Cross-venue spread (bps)", Format.Number(expected.CrossVenueSpreadBps));
        await Assertions.Expect(page.Locator("#books-cross")).ToHaveCountAsync(expected.CrossVenueSpreadBps < 0 ? 1 : 0);
        await ExpectFigureAsync(page, "Mid dispersion (bps)", Format.Number(expected.MidDispersionBps));
        await ExpectFigureAsync(page, "Cost to move up 2 %", Format.Number(expected.CostToMoveUp2Pct, "N0"));
        await ExpectFigureAsync(page, "Cost to move down 2 %", Format.Number(expected.CostToMoveDown2Pct, "N0"));
        var depth = expected.ConsolidatedDepth!;
        foreach (var (bar, value) in new[] { ("bids 1 %", depth.Bids1Pct), ("bids 5 %", depth.Bids5Pct), ("asks 2 %", depth.Asks2Pct) })
        {
            await Assertions.Expect(page.Locator($"[data-chart='consolidated-depth'] [data-bar='{bar}'] title")).ToContainTextAsync(Format.Number(value, "N0"));
        }

        ct.ThrowIfCancellationRequested();
        await page.Locator("#slippage-go").ClickAsync();
        await Assertions.Expect(page.Locator("#slippage-result")).ToContainTextAsync("VWAP", new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#slippage-fills tbody tr").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#slippage-fills")).Not.ToContainTextAsync("Kraken");
        await ShotAsync(page, "pair-light");

        // Coinbase's ETH-USDT bids above Bybit's asks: a negative cross-venue spread, said in words.
        var crossed = (await _host.Api.GetFromJsonAsync<PairView>("/api/v1/pairs/ETH-USDT", VenueMarkets.Wire, ct).Within(Timeouts.Request, "GET the crossed pair"))!;
        Assert.True(crossed.CrossVenueSpreadBps < 0, $"seeded books do not cross: {crossed.CrossVenueSpreadBps}");
        await page.GotoAsync("/pairs/ETH-USDT");
        await WaitForInteractiveAsync(page);
        await ExpectFigureAsync(page, "Cross-venue spread (bps)", Format.Number(crossed.CrossVenueSpreadBps));
        await Assertions.Expect(page.Locator("[data-figure-note='Cross-venue spread (bps)']")).ToHaveTextAsync("negative: the books cross");
        await Assertions.Expect(page.Locator("#books-cross")).ToContainTextAsync(
            $"the best bid on Coinbase Exchange ({Format.Price(crossed.BestBid!.Px)}) is above the best ask on Bybit ({Format.Price(crossed.BestAsk!.Px)})");
        await ShotAsync(page, "pair-crossed-light");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Exchanges_page_shows_a_ban_in_force_and_a_venues_last_error()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var context = await SignedInWithVenuesAsync("/exchanges", ct);
        var page = context.Pages[0];
        var kraken = page.Locator("#exchanges-table tbody tr", new() { Has = page.Locator("[data-exchange='kraken']") });
        var ban = kraken.Locator("[data-restriction='banned']");
        await Assertions.Expect(ban).ToHaveAttributeAsync("data-active", "true", new() { Timeout = Wait });
        await Assertions.Expect(ban).ToContainTextAsync(new Regex("banned · ends in (29|30) min"));
        await Assertions.Expect(kraken.Locator("[data-restriction='paused']")).ToHaveAttributeAsync("data-active", "false");
        await Assertions.Expect(kraken.Locator("[data-budget]")).ToContainTextAsync("20 of 20 per 1.0 s");
        await Assertions.Expect(kraken.Locator("[data-budget]")).ToContainTextAsync("1,500 requests, 37 throttled");

        var bybit = page.Locator("#exchanges-table tbody tr", new() { Has = page.Locator("[data-exchange='bybit']") });
        await Assertions.Expect(bybit.Locator("[data-last-error]")).ToContainTextAsync("HTTP 503 from bybit");
        await Assertions.Expect(bybit.Locator("[data-last-error]")).ToContainTextAsync("5 min ago");
        await Assertions.Expect(bybit.Locator("[data-restriction]")).ToHaveCountAsync(0);
        var binance = page.Locator("#exchanges-table tbody tr", new() { Has = page.Locator("[data-exchange='binance']") });
        await Assertions.Expect(binance.Locator("[data-budget]")).ToContainTextAsync("100 of 1,200 per 1.0 min");
        await Assertions.Expect(binance.Locator("[data-budget]")).ToContainTextAsync("venue used weight 100");
        await ShotAsync(page, "exchanges-light");

        ct.ThrowIfCancellationRequested();
        await kraken.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/markets\\?exchange=kraken$"), new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#markets-grid tbody tr")).ToHaveCountAsync(1, new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#markets-grid")).ToContainTextAsync("kraken:BTC-USDT");

        // The same page without the filter (the nav's Markets): every venue again.
        await page.GetByRole(AriaRole.Link, new() { Name = "Markets", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/markets$"), new() { Timeout = Wait });
        await Assertions.Expect(page.Locator("#markets-grid")).ToContainTextAsync("okx:BTC-USDT", new() { Timeout = Wait });
    }

    /// <summary>
    /// The seeded venues (<see cref="BrowserAppHost.SeedVenuesAsync"/>), and a new browser context at the Admin,
    /// 1400 × 1000 in Paris time, whose one page has signed in and opened <paramref name="path"/>.
    /// </summary>
    private async Task<IBrowserContext> SignedInWithVenuesAsync(string path, CancellationToken ct)
    {
        await _host.SeedVenuesAsync(ct);
        var context = await _host.Browser.NewContextAsync(new()
        {
            BaseURL = _host.AdminUrl.ToString(),
            ViewportSize = new() { Width = 1400, Height = 1000 },
            TimezoneId = "Europe/Paris",
        });
        var page = await context.NewPageAsync();
        await SignInAsync(page, CryptAppHost.AdminPassword);
        await ExpectOverviewAsync(page);
        await page.GotoAsync(path);
        await WaitForInteractiveAsync(page);
        return context;
    }

    /// <summary>Picks a venue in the Markets page's venue select (a MudBlazor popover list).</summary>
    private static async Task SelectVenueAsync(IPage page, string name)
    {
        // The input carries the id, but once a value is chosen MudBlazor hides it behind the value's text.
        await page.Locator(".mud-input-control:has(#markets-venue)").ClickAsync(new() { Timeout = Wait });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = name }).First.ClickAsync(new() { Timeout = Wait });
        // Until the list has closed, its overlay takes the next click.
        await Assertions.Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0, new() { Timeout = Wait });
    }

    private static async Task ExpectFigureAsync(IPage page, string label, string value) =>
        await Assertions.Expect(page.Locator($"[data-figure='{label}']")).ToHaveTextAsync(value, new() { Timeout = Wait });

    /// <summary>Signed in, on this site's root (not the sign-in page, not another site).</summary>
    /// <remarks>
    /// The address is waited for as committed, not loaded: the heading is what shows the page, and waiting for the
    /// load event timed out once in CI with the page idle. A failure says where the page was and what it showed.
    /// </remarks>
    private async Task ExpectOverviewAsync(IPage page)
    {
        try
        {
            await page.WaitForURLAsync(_host.AdminUrl.GetLeftPart(UriPartial.Authority) + "/", new() { Timeout = Wait, WaitUntil = WaitUntilState.Commit });
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync(new() { Timeout = Wait });
        }
        catch (Exception failure) when (failure is TimeoutException or PlaywrightException)
        {
            var shot = Shot($"failed-overview-{Guid.NewGuid():N}");
            await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
            var text = await page.EvaluateAsync<string>("() => document.body ? document.body.innerText.slice(0, 400) : ''");
            throw new TimeoutException($"the overview did not show: the page is at {page.Url}, saved as {shot}, and reads: {text}", failure);
        }
    }

    private BrowserNewContextOptions Behind(string clientAddress) => new()
    {
        BaseURL = _host.AdminUrl.ToString(),
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

    /// <summary>
    /// Clicks a row of the markets grid and waits for the page it opens. The grid may re-render its rows right after
    /// loading or sorting them: a click on a row being replaced goes nowhere, so click again (bounded) while the page is
    /// still the grid. A click that landed navigates over the circuit, which takes seconds on a loaded machine: once the
    /// page left the grid, the address is waited for, not clicked for again.
    /// </summary>
    private static async Task OpenFromGridAsync(IPage page, ILocator row, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await row.ClickAsync(new() { Timeout = Wait });
                await page.WaitForURLAsync(url, new() { Timeout = 10_000 });
                return;
            }
            catch (TimeoutException) when (attempt < 4 || !page.Url.Contains("/markets?", StringComparison.Ordinal))
            {
                if (!page.Url.Contains("/markets?", StringComparison.Ordinal))
                {
                    break;
                }
            }
        }

        await page.WaitForURLAsync(url, new() { Timeout = Wait });
    }

    /// <summary>
    /// Sorts a grid column descending, shown by the row that must then come first. A click on a header being
    /// re-rendered goes nowhere and the sort cycles through its states, so click (bounded) until that row leads.
    /// </summary>
    private static async Task SortDescendingAsync(ILocator grid, string column, string firstWhenDescending)
    {
        var header = grid.Locator("th", new() { HasText = column }).Locator(".mud-sort-btn, .sort-direction-icon, span").First;
        var first = grid.Locator("tbody tr").First;
        // The first click sorts ascending, the second descending.
        await header.ClickAsync(new() { Timeout = Wait });
        for (var click = 2; ; click++)
        {
            await header.ClickAsync(new() { Timeout = Wait });
            try
            {
                await Assertions.Expect(first).ToContainTextAsync(firstWhenDescending, new() { Timeout = click < 6 ? 5_000 : Wait });
                return;
            }
            catch (Exception failure) when (failure is PlaywrightException or TimeoutException && click < 6)
            {
            }
        }
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

    private string Shot(string name) => Path.Combine(_host.Screenshots, $"{name}.png");
}
