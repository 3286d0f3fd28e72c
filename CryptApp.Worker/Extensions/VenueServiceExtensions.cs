using CryptApp.Core.Venues;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker;

/// <summary>
/// The venue clients the ETL collects through, added by <c>AddApplicationServices</c>, every venue on one stack. Each
/// venue of the <see cref="VenueCatalog"/>: options named by its id, bound from <c>Exchanges:&lt;Venue&gt;</c> over its
/// definition's defaults; its own gate; a named HttpClient whose retries run outside the gate, so every attempt is
/// budgeted and a ban is never retried; the request metric inside the gate; and an <see cref="IVenueClient"/> keyed
/// by venue id, made by its definition.
/// </summary>
public static class VenueServiceExtensions
{
    public static IHostApplicationBuilder AddVenueClients(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<VenueGates>();
        foreach (var venue in VenueCatalog.All)
        {
            AddVenue(builder, venue);
        }

        return builder;
    }

    private static void AddVenue(IHostApplicationBuilder builder, VenueDefinition venue)
    {
        builder.Services.AddOptions<VenueOptions>(venue.Id)
            .Configure(venue.ApplyDefaults)
            .BindConfiguration(venue.SectionName)
            .PostConfigure<IConfiguration>((options, configuration) =>
            {
                // Symbols may also be written as an array (Symbols:0, Symbols:1, ...), which binding leaves alone.
                var listed = configuration.GetSection($"{venue.SectionName}:Symbols").GetChildren().Select(c => c.Value).OfType<string>().ToList();
                if (listed.Count > 0)
                {
                    options.Symbols = string.Join(',', listed);
                }

                if (options.RequestsPerSecond is { } perSecond)
                {
                    options.Budget = perSecond;
                    options.BudgetWindow = TimeSpan.FromSeconds(1);
                }
            })
            .Validate(TrySymbols, $"{venue.SectionName}:Symbols must list pairs as BASE-QUOTE")
            .ValidateDataAnnotations()
            .ValidateOnStart();

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, yet the documented way to replace the default pipeline.
        builder.Services.AddHttpClient(venue.Id, (sp, client) => VenueClient.Configure(client, Options(sp, venue.Id)))
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var options = Options(sp, venue.Id);
                // The gate bounds each attempt; this outer bound only has to outlast it.
                resilience.AttemptTimeout.Timeout = options.RequestTimeout + TimeSpan.FromSeconds(5);
                resilience.Retry.MaxRetryAttempts = options.MaxRetries;
                resilience.Retry.Delay = options.RetryBaseDelay;
                // Open only when most requests fail (the venue is down), not for one bad symbol.
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.MinimumThroughput = 20;
                resilience.CircuitBreaker.SamplingDuration = resilience.AttemptTimeout.Timeout * 2 + TimeSpan.FromSeconds(30);
                // Room for every attempt and its backoff; time queued for budget comes on top of the attempts' own.
                resilience.TotalRequestTimeout.Timeout = resilience.AttemptTimeout.Timeout * (options.MaxRetries + 1) + TimeSpan.FromSeconds(60);
            });
#pragma warning restore EXTEXP0001
        // Added after the resilience handler, so they sit inside it: every retry passes through the gate, then the metric.
        builder.Services.AddHttpClient(venue.Id)
            .AddHttpMessageHandler(sp => new VenueGateHandler(sp.GetRequiredService<VenueGates>().For(venue.Id), Options(sp, venue.Id)))
            .AddHttpMessageHandler(sp => new VenueMetricsHandler(sp.GetRequiredService<WorkerTelemetry>(), venue.Id));
        builder.Services.AddKeyedTransient<IVenueClient>(venue.Id, (sp, _) =>
            venue.Client(sp.GetRequiredService<IHttpClientFactory>().CreateClient(venue.Id), Options(sp, venue.Id)));
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
