using CryptApp.Core.Exchanges;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker;

/// <summary>
/// The venue clients the ETL collects through, added by <c>AddApplicationServices</c>. Each venue: options named
/// by its id, bound from <c>Exchanges:&lt;Venue&gt;</c> over <see cref="VenueDefaults"/>; its own gate;
/// a named HttpClient whose retries run outside the gate, so every attempt is budgeted and a ban is
/// never retried; and an <see cref="IVenueClient"/> keyed by venue id. Blockchain.com's adapter wraps
/// the <see cref="BlockchainExchangeClient"/> that <c>AddApplicationServices</c> registers.
/// </summary>
public static class VenueServiceExtensions
{
    public static IHostApplicationBuilder AddVenueClients(this IHostApplicationBuilder builder)
    {
        foreach (var venue in VenueCatalog.All)
        {
            builder.Services.AddOptions<VenueOptions>(venue.Id)
                .Configure(options => VenueDefaults.Apply(venue.Id, options))
                .BindConfiguration(venue.SectionName)
                .PostConfigure<IConfiguration>((options, configuration) =>
                {
                    // Symbols may also be written as an array (Symbols:0, Symbols:1, ...), which binding leaves alone.
                    var listed = configuration.GetSection($"{venue.SectionName}:Symbols").GetChildren().Select(c => c.Value).OfType<string>().ToList();
                    if (listed.Count > 0)
                    {
                        options.Symbols = string.Join(',', listed);
                    }

                    // Blockchain.com's requests pass its own limiter (RequestsPerSecond); its status shows that budget.
                    if (venue.Id == VenueIds.Blockchain
                        && configuration.GetValue<double?>($"{venue.SectionName}:{nameof(BlockchainExchangeOptions.RequestsPerSecond)}") is { } perSecond)
                    {
                        options.Budget = perSecond;
                        options.BudgetWindow = TimeSpan.FromSeconds(1);
                    }
                })
                .Validate(options => TrySymbols(options), $"{venue.SectionName}:Symbols must list pairs as BASE-QUOTE")
                .ValidateDataAnnotations()
                .ValidateOnStart();
        }

        builder.Services.AddSingleton<VenueGates>();
        builder.Services.AddKeyedTransient<IVenueClient>(VenueIds.Blockchain, (sp, _) => new BlockchainVenueClient(sp.GetRequiredService<BlockchainExchangeClient>()));
        foreach (var venue in VenueClients.L2Venues)
        {
            AddL2Venue(builder, venue.Id);
        }

        return builder;
    }

    private static void AddL2Venue(IHostApplicationBuilder builder, string venue)
    {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, yet the documented way to replace the default pipeline.
        builder.Services.AddHttpClient(venue, (sp, client) => VenueClient.Configure(client, Options(sp, venue)))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = Options(sp, venue);
                // The gate bounds each attempt; this outer bound only has to outlast it.
                resilience.AttemptTimeout.Timeout = options.RequestTimeout + TimeSpan.FromSeconds(5);
                resilience.TotalRequestTimeout.Timeout = options.RequestTimeout * 4 + TimeSpan.FromSeconds(60);
                resilience.CircuitBreaker.SamplingDuration = resilience.AttemptTimeout.Timeout * 2 + TimeSpan.FromSeconds(30);
            });
#pragma warning restore EXTEXP0001
        // Added after the resilience handler, so it sits inside it: every retry passes through the gate.
        builder.Services.AddHttpClient(venue)
            .AddHttpMessageHandler(sp => new VenueGateHandler(sp.GetRequiredService<VenueGates>().For(venue), Options(sp, venue)));
        builder.Services.AddKeyedTransient<IVenueClient>(venue, (sp, _) =>
            VenueClients.Create(venue, sp.GetRequiredService<IHttpClientFactory>().CreateClient(venue), Options(sp, venue)));
    }

    private static VenueOptions Options(IServiceProvider services, string venue) =>
        services.GetRequiredService<IOptionsMonitor<VenueOptions>>().Get(venue);

    private static bool TrySymbols(VenueOptions options)
    {
        try
        {
            options.SymbolList();
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
