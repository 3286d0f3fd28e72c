using CryptApp.Core.Exchanges;
using CryptApp.Core.Exchanges.Venues;
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
        Assert.IsType<BlockchainVenueClient>(host.Services.GetRequiredKeyedService<IVenueClient>(VenueIds.Blockchain));
        Assert.Equal((7, TimeSpan.FromSeconds(1)), (options.Get(VenueIds.Blockchain).Budget, options.Get(VenueIds.Blockchain).BudgetWindow));
        Assert.Equal(["BTC-USDT", "ETH-USDT"], options.Get(VenueIds.Binance).SymbolList());
        Assert.Equal(6000, options.Get(VenueIds.Binance).Budget);
        Assert.False(options.Get(VenueIds.Kraken).Enabled);
        Assert.True(options.Get(VenueIds.Coinbase).Enabled);
        Assert.Equal(new Uri("http://127.0.0.1:9/okx/"), options.Get(VenueIds.Okx).BaseUrl);
        Assert.Equal(50, host.Services.GetRequiredService<VenueGates>().For(VenueIds.Bybit).State.Budget);
    }

    [Fact]
    public void A_symbol_that_is_not_a_pair_fails_validation()
    {
        using var host = Build(new() { ["Exchanges:Okx:Symbols"] = "BTC/USDT" });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptionsMonitor<VenueOptions>>().Get(VenueIds.Okx));

        Assert.Contains("Exchanges:Okx:Symbols", error.Message);
    }

    private static IHost Build(Dictionary<string, string?> configuration)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHttpClient<BlockchainExchangeClient>();
        builder.Services.AddOptions<BlockchainExchangeOptions>();
        builder.AddVenueClients();
        return builder.Build();
    }
}
