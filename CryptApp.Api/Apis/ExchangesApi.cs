using CryptApp.Api.Caching;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Apis;

/// <summary>The venues we collect from, under <c>/api/v1/exchanges</c>.</summary>
public static class ExchangesApi
{
    public static IEndpointRouteBuilder MapExchangesApi(this IEndpointRouteBuilder app)
    {
        var exchanges = app.MapGroup("/api/v1/exchanges")
            .WithTags("Exchanges")
            .WithOutputCache(CacheTags.MarketPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        exchanges.MapGet("/", ListExchanges)
            .WithName("ListExchanges")
            .WithSummary("Every venue: whether it is collected, its last success and error, its markets and its rate budget");

        return app;
    }

    /// <remarks>
    /// A venue the Worker has not reported yet is described from the markets stored for it: enabled when
    /// there are any, last success the newest of them, no error, no interval and no budget.
    /// </remarks>
    public static async Task<Ok<IReadOnlyList<VenueStatus>>> ListExchanges(
        ComputedViews views, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context, CancellationToken cancellationToken)
    {
        var statuses = await views.VenueStatusesAsync(cancellationToken);
        if (statuses.Statuses.Any(s => s.Stream is not null))
        {
            // A stream's status moves every second and nothing announces it.
            context.CacheWhileLive(time.GetUtcNow(), live.Value.WriteInterval);
        }

        var markets = (await views.ListAsync(cancellationToken)).Open;
        return TypedResults.Ok<IReadOnlyList<VenueStatus>>(VenueCatalog.All.Select(venue => statuses.Find(venue.Id) ?? Unreported(venue)).ToList());

        VenueStatus Unreported(VenueDefinition venue)
        {
            var collected = markets.Where(m => m.Venue == venue.Id).Select(m => m.CollectedAt).ToList();
            return new VenueStatus(venue.Id, venue.DisplayName, collected.Count > 0, collected.Count > 0 ? collected.Max() : null, null, collected.Count);
        }
    }
}
