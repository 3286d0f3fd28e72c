using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using CryptApp.Core.Venues;
using CryptApp.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CryptApp.UnitTests.Venues;

/// <summary>What <c>AddVenueClients</c> registers resolves, for every venue, with its configuration over the defaults.</summary>
public sealed class VenueRegistrationTests
{
    [Fact]
    public void Every_venue_resolves_its_keyed_client_and_its_named_options()
    {
        using var host = Build(new()
        {
            ["Exchanges:Blockchain:RequestsPerSecond"] = "7",
            ["Exchanges:Binance:Symbols:0"] = "btc-usdt",
            ["Exchanges:Binance:Symbols:1"] = "ETH-USDT",
            ["Exchanges:Kraken:Enabled"] = "false",
            ["Exchanges:Okx:BaseUrl"] = "http://127.0.0.1:9/okx/",
            ["Exchanges:Bybit:Budget"] = "50",
        });
        var options = host.Services.GetRequiredService<IOptionsMonitor<VenueOptions>>();

        Assert.All(VenueCatalog.All, venue => Assert.Equal(venue, host.Services.GetRequiredKeyedService<IVenueClient>(venue.Id).Venue));
        Assert.IsType<BlockchainClient>(host.Services.GetRequiredKeyedService<IVenueClient>(VenueIds.Blockchain));
        Assert.Equal((7, TimeSpan.FromSeconds(1)), (options.Get(VenueIds.Blockchain).Budget, options.Get(VenueIds.Blockchain).BudgetWindow));
        Assert.Equal(["BTC-USDT", "ETH-USDT"], options.Get(VenueIds.Binance).SymbolList());
        Assert.Equal(6000, options.Get(VenueIds.Binance).Budget);
        Assert.False(options.Get(VenueIds.Kraken).Enabled);
        Assert.True(options.Get(VenueIds.Coinbase).Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:9/okx/"), options.Get(VenueIds.Okx).BaseUrl);
        Assert.Equal(50, host.Services.GetRequiredService<VenueGates>().For(VenueIds.Bybit).State.Budget);
    }

    [Fact]
    public async Task Every_venue_blockchain_included_records_each_request_by_venue_route_and_status()
    {
        var ct = TestContext.Current.CancellationToken;
        using var host = Build(new(), new Answers());
        var recorded = new List<(string Venue, string Route, string Status)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "cryptapp.exchange.request.duration" && instrument.Meter.Scope == host.Services.GetRequiredService<IMeterFactory>())
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            var named = tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString());
            lock (recorded)
            {
                recorded.Add((named["venue"]!, named["route"]!, named["status"]!));
            }
        });
        listener.Start();

        var blockchain = host.Services.GetRequiredKeyedService<IVenueClient>(VenueIds.Blockchain);
        var instrument = Assert.Single(await blockchain.GetInstrumentsAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct));
        await blockchain.GetBookAsync(instrument, 100, ct).WaitAsync(TimeSpan.FromSeconds(10), ct);
        await host.Services.GetRequiredKeyedService<IVenueClient>(VenueIds.Binance).GetInstrumentsAsync(ct).WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(
            [("binance", "/api/v3/exchangeInfo", "200"), ("blockchain", "/l3/{symbol}", "200"), ("blockchain", "/symbols", "200")],
            recorded.Order());
    }

    /// <summary>Blockchain.com's listing of one symbol and its L3 book, and Binance's empty listing, as the venues shape them.</summary>
    private sealed class Answers : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var path = request.RequestUri!.AbsolutePath;
            var body = path.EndsWith("/symbols", StringComparison.Ordinal)
                ? """{"BTC-USD":{"base_currency":"BTC","counter_currency":"USD","status":"open"}}"""
                : path.Contains("/l3/", StringComparison.Ordinal)
                    ? """{"symbol":"BTC-USD","bids":[{"px":100.5,"qty":1.25,"num":1}],"asks":[{"px":101,"qty":2,"num":2}]}"""
                    : """{"symbols":[]}""";
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8, "application/json") });
        }
    }

    [Fact]
    public void A_symbol_that_is_not_a_pair_fails_validation()
    {
        using var host = Build(new() { ["Exchanges:Okx:Symbols"] = "BTC/USDT" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<VenueOptions>>().Get(VenueIds.Okx));

        Assert.Contains("Exchanges:Okx:Symbols", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> configuration, HttpMessageHandler? primary = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        if (primary is not null)
        {
            builder.Services.ConfigureHttpClientDefaults(http => http.ConfigurePrimaryHttpMessageHandler(() => primary));
        }

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerTelemetry>();
        builder.Services.AddMetrics();
        builder.AddVenueClients();
        return builder.Build();
    }
}
