using CryptApp.Api.Extensions;
using CryptApp.Api.ReadModel;
using CryptApp.Api.Security;
using CryptApp.Api.Streams;
using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Apis;

/// <summary>
/// Server-sent event streams of a market and of a pair: the REST answer as a <c>snapshot</c>, then <c>update</c> events
/// as the Worker writes new data, <c>status</c> events when the state changes. Never cached, never timed out.
/// </summary>
public static class StreamsApi
{
    public const int DefaultMaxRate = 10;
    public const int MaxMaxRate = 50;
    public const int DefaultLevels = 20;
    public const int MaxLevels = 100;
    public const int MaxWatched = 100;

    private const string Events =
        "Events: `snapshot` (first, and after `Last-Event-ID` or a lost data store: the whole view), `update` (the view after a change, " +
        "at most `maxRate` in any second, the newest wins in between), `status` (`{market, state, reason, at}`, after each snapshot and on every change: " +
        "`live`, `collected`, `stale`, `resyncing`, `closed`, `unavailable`, `closing`), and a comment line after 15 s of quiet. Every event has an opaque `id`. " +
        "A request with the Api key in `X-Api-Key` is held to the process's cap on streams alone, not to the per-client one; a wrong key is refused 403.";

    public static IEndpointRouteBuilder MapStreamsApi(this IEndpointRouteBuilder app)
    {
        var streams = app.MapGroup("/api/v1")
            .WithTags("Streams")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        // A stream lasts as long as its client stays.
        streams.DisableRequestTimeout();

        streams.MapGet("/markets/stream", StreamMarkets)
            .WithName("StreamMarkets")
            .WithSummary("Up to 100 markets on one connection (a watch list): each market's snapshot, then its updates and status changes")
            .WithDescription(Events + " Each view names its market in `id`; `levels` is 0 unless asked.")
            .Produces<MarketView>(StatusCodes.Status200OK, ServerSentEvent.ContentType);
        streams.MapGet("/markets/{symbol}/stream", StreamMarket)
            .WithName("StreamMarket")
            .WithSummary("The market as server-sent events: a snapshot, then an update whenever the Worker writes it, and its status changes")
            .WithDescription(Events + " With `levels` > 0 each view carries `book: {bids, asks}`, the top levels of each side as `/book` has them.")
            .Produces<MarketView>(StatusCodes.Status200OK, ServerSentEvent.ContentType);
        streams.MapGet("/pairs/{pair}/stream", StreamPair)
            .WithName("StreamPair")
            .WithSummary("The pair across venues as server-sent events: a snapshot, then an update whenever one of its markets changes, and their status changes")
            .WithDescription(Events)
            .Produces<PairView>(StatusCodes.Status200OK, ServerSentEvent.ContentType);
        return app;
    }

    /// <param name="symbol">The market: <c>BTC-USD</c> (Blockchain.com) or <c>venue:BASE-QUOTE</c> (<c>binance:BTC-USDT</c>).</param>
    /// <param name="maxRate">Update events a second at most, 1 to 50 (default 10).</param>
    /// <param name="levels">Book levels a side in each view, 0 to 100 (default 20); 0 sends the figures only.</param>
    public static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> StreamMarket(
        string symbol, string? maxRate, string? levels, StreamHub hub, StreamAdmission admission, StreamMetrics metrics, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var key = QueryRules.MarketKey(symbol, errors);
        var rate = QueryRules.Integer(maxRate, "maxRate", DefaultMaxRate, 1, MaxMaxRate, errors);
        var depth = QueryRules.Integer(levels, "levels", DefaultLevels, 0, MaxLevels, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await OpenAsync(
            "market", () => AcquireAsync(hub, [key!], cancellationToken), depth, rate, admission, metrics, context,
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Market not found",
                detail: $"No market '{symbol}' has been collected: it is unknown, not open, or not collected yet."));
    }

    /// <param name="ids">Market ids separated by commas (<c>binance:BTC-USDT,okx:ETH-USDT</c>), 1 to 100.</param>
    /// <param name="maxRate">Update events a second at most for each market, 1 to 50 (default 10).</param>
    /// <param name="levels">Book levels a side in each view, 0 (default) to 100.</param>
    public static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> StreamMarkets(
        string? ids, string? maxRate, string? levels, StreamHub hub, StreamAdmission admission, StreamMetrics metrics, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var keys = new List<string>();
        var given = (ids ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (string.IsNullOrEmpty(ids) || given.Length > MaxWatched)
        {
            errors.Add("ids", $"must name 1 to {MaxWatched} markets separated by commas");
        }
        else
        {
            var invalid = new Errors();
            foreach (var id in given)
            {
                if (QueryRules.MarketKey(id, invalid) is { } key && !keys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    keys.Add(key);
                }
            }

            if (invalid.Any)
            {
                errors.Add("ids", "each must be a market id: BASE-QUOTE (Blockchain.com) or venue:BASE-QUOTE (binance:BTC-USDT)");
            }
        }

        var rate = QueryRules.Integer(maxRate, "maxRate", DefaultMaxRate, 1, MaxMaxRate, errors);
        var depth = QueryRules.Integer(levels, "levels", 0, 0, MaxLevels, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await OpenAsync(
            "markets", () => AcquireAsync(hub, keys, cancellationToken), depth, rate, admission, metrics, context,
            unknown => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Market not found",
                detail: $"No market {string.Join(", ", unknown.Select(u => $"'{u}'"))} has been collected: unknown, not open, or not collected yet."));
    }

    /// <param name="pair">BASE-QUOTE, any case (<c>BTC-USDT</c>).</param>
    /// <param name="maxRate">Update events a second at most, 1 to 50 (default 10).</param>
    public static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> StreamPair(
        string pair, string? maxRate, StreamHub hub, StreamAdmission admission, StreamMetrics metrics, QuoteEquivalence quotes, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var canonical = QueryRules.Pair(pair, errors);
        var rate = QueryRules.Integer(maxRate, "maxRate", DefaultMaxRate, 1, MaxMaxRate, errors);
        if (context.Request.Query.ContainsKey("levels"))
        {
            errors.Add("levels", "applies to market streams only; a pair's view carries no book");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        return await OpenAsync(
            "pair",
            async () => await hub.PairAsync(quotes.Name(canonical!), cancellationToken) is { } topic ? ([topic], []) : ([], [canonical!]),
            0, rate, admission, metrics, context,
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Pair not found",
                detail: $"No venue lists '{canonical}' among the collected markets."));
    }

    /// <summary>The markets' topics, or the ids of those that are unknown (then none is held).</summary>
    private static async Task<(IReadOnlyList<StreamTopic> Topics, IReadOnlyList<string> Unknown)> AcquireAsync(
        StreamHub hub, IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        var topics = new List<StreamTopic>();
        var unknown = new List<string>();
        try
        {
            foreach (var key in keys)
            {
                if (await hub.MarketAsync(key, cancellationToken) is { } topic)
                {
                    topics.Add(topic);
                }
                else
                {
                    unknown.Add(key);
                }
            }
        }
        catch
        {
            topics.ForEach(hub.Release);
            throw;
        }

        if (unknown.Count > 0)
        {
            topics.ForEach(hub.Release);
            return ([], unknown);
        }

        return (topics, []);
    }

    /// <summary>
    /// Admits the stream under the caps (with the Api key, the process's alone; a wrong key is refused), then finds its
    /// topics; the ticket goes back if either refuses.
    /// </summary>
    private static async Task<Results<EventStreamResult, ValidationProblem, ProblemHttpResult>> OpenAsync(
        string kind, Func<Task<(IReadOnlyList<StreamTopic> Topics, IReadOnlyList<string> Unknown)>> topicsOf, int levels, int maxRate,
        StreamAdmission admission, StreamMetrics metrics, HttpContext context, Func<IReadOnlyList<string>, ProblemHttpResult> notFound)
    {
        var key = ApiKeyFilter.Read(context.Request, context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.Key);
        if (key == SuppliedKey.Refused)
        {
            return ApiKeyFilter.Refused();
        }

        if (admission.TryAdmit(context.Connection.RemoteIpAddress, keyed: key == SuppliedKey.Accepted, out var refusedBy) is not { } ticket)
        {
            metrics.Refused(refusedBy!);
            context.Response.Headers.RetryAfter = "10";
            return TypedResults.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many streams",
                detail: refusedBy == "client"
                    ? "This client holds as many open streams as it may (Api:Streams:MaxPerClient); close one first."
                    : "This Api process holds as many open streams as it may (Api:Streams:MaxTotal); retry later or on another replica.");
        }

        try
        {
            var (topics, unknown) = await topicsOf();
            return unknown.Count == 0 ? new EventStreamResult(topics, ticket, kind, levels, maxRate) : Refuse(notFound(unknown));
        }
        catch
        {
            ticket.Dispose();
            throw;
        }

        ProblemHttpResult Refuse(ProblemHttpResult problem)
        {
            ticket.Dispose();
            return problem;
        }
    }
}
