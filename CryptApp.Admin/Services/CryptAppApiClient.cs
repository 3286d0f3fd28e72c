using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CryptApp.Contracts;
using CryptApp.Contracts.Jobs;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using CryptApp.Contracts.Venues;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CryptApp.Admin.Services;

/// <summary>
/// Typed client of the CryptApp Api, found through service discovery. Errors come back as
/// <see cref="ApiException"/> with the problem details' title and detail, never a stack trace.
/// </summary>
public sealed class CryptAppApiClient(HttpClient http, IOptions<AdminOptions> options)
{
    /// <summary>The header the Api reads its key from.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    // A null or missing field the contract says is always there is a malformed body (JsonException, shown
    // as such), not a NullReferenceException later in a page.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public Task<PagedList<MarketSummary>> GetMarketsAsync(MarketFilter filter, string sort, bool descending, int page, int pageSize, CancellationToken ct) =>
        GetAsync<PagedList<MarketSummary>>(
            $"api/v1/markets?search={Escape(filter.Search)}&exchange={Escape(filter.Venue)}&base={Escape(filter.Base)}&quote={Escape(filter.Quote)}" +
            $"&sort={sort}&order={(descending ? "desc" : "asc")}&page={page}&pageSize={pageSize}", ct);

    public Task<MarketView> GetMarketAsync(string symbol, CancellationToken ct) => GetAsync<MarketView>($"api/v1/markets/{Uri.EscapeDataString(symbol)}", ct);

    public Task<BookLevels> GetBookAsync(string symbol, CancellationToken ct) => GetAsync<BookLevels>($"api/v1/markets/{Uri.EscapeDataString(symbol)}/book", ct);

    public Task<HistoryView> GetHistoryAsync(string symbol, TimeSpan range, CancellationToken ct) =>
        GetAsync<HistoryView>($"api/v1/markets/{Uri.EscapeDataString(symbol)}/history?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.Subtract(range).ToString("yyyy-MM-ddTHH:mm:ssZ"))}", ct);

    public Task<SlippageEstimate> GetSlippageAsync(string symbol, TradeSide side, double notional, CancellationToken ct) =>
        GetAsync<SlippageEstimate>($"api/v1/markets/{Uri.EscapeDataString(symbol)}/slippage?{SlippageQuery(side, notional)}", ct);

    public Task<List<VenueStatus>> GetVenueStatusesAsync(CancellationToken ct) => GetAsync<List<VenueStatus>>("api/v1/exchanges", ct);

    public Task<List<PairListing>> GetPairsAsync(CancellationToken ct) => GetAsync<List<PairListing>>("api/v1/pairs", ct);

    public Task<PairView> GetPairAsync(string pair, CancellationToken ct) => GetAsync<PairView>($"api/v1/pairs/{Uri.EscapeDataString(pair)}", ct);

    public Task<PairSlippage> GetPairSlippageAsync(string pair, TradeSide side, double notional, CancellationToken ct) =>
        GetAsync<PairSlippage>($"api/v1/pairs/{Uri.EscapeDataString(pair)}/slippage?{SlippageQuery(side, notional)}", ct);

    public Task<List<JobInfo>> GetJobsAsync(CancellationToken ct) => GetAsync<List<JobInfo>>("api/v1/jobs", ct);

    public Task<PagedList<RunRecord>> GetRunsAsync(int page, int pageSize, CancellationToken ct) =>
        GetAsync<PagedList<RunRecord>>($"api/v1/jobs/runs?page={page}&pageSize={pageSize}", ct);

    public Task<RunRecord> GetRunAsync(string id, CancellationToken ct) => GetAsync<RunRecord>($"api/v1/jobs/runs/{Uri.EscapeDataString(id)}", ct);

    public Task<RunRecord> TriggerRunAsync(string jobId, CancellationToken ct) => SendAsync(HttpMethod.Post, $"api/v1/jobs/{Uri.EscapeDataString(jobId)}/runs", ct);

    public Task<RunRecord> CancelRunAsync(string id, CancellationToken ct) => SendAsync(HttpMethod.Delete, $"api/v1/jobs/runs/{Uri.EscapeDataString(id)}", ct);

    private static string Escape(string? value) => Uri.EscapeDataString(value ?? "");

    private static string SlippageQuery(TradeSide side, double notional) =>
        FormattableString.Invariant($"side={side.ToString().ToLowerInvariant()}&notional={notional:R}");

    private async Task<T> GetAsync<T>(string path, CancellationToken ct)
    {
        using var response = await SafeSendAsync(new HttpRequestMessage(HttpMethod.Get, path), ct);
        return await ReadAsync<T>(response, ct);
    }

    private async Task<RunRecord> SendAsync(HttpMethod method, string path, CancellationToken ct)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Add(ApiKeyHeader, options.Value.ApiKey ?? string.Empty);
        using var response = await SafeSendAsync(request, ct);
        return await ReadAsync<RunRecord>(response, ct);
    }

    private async Task<HttpResponseMessage> SafeSendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        using (request)
        {
            try
            {
                return await http.SendAsync(request, ct);
            }
            catch (Exception ex) when (Readable(ex, ct) is { } message)
            {
                throw new ApiException(message);
            }
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new ApiException(await DescribeAsync(response, ct));
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, ct) ?? throw new ApiException("The Api answered with an empty body.");
        }
        catch (Exception ex) when (Readable(ex, ct) is { } message)
        {
            throw new ApiException(message);
        }
    }

    /// <summary>
    /// What a page can show for a failed call (the standard resilience handler's timeouts and open circuit,
    /// network errors, unreadable bodies); null for the caller's own cancellation and for our own bugs.
    /// </summary>
    private static string? Readable(Exception ex, CancellationToken ct) => ex switch
    {
        _ when ct.IsCancellationRequested => null,
        TimeoutRejectedException or TimeoutException or OperationCanceledException =>
            "The Api did not answer in time: it may be overloaded or restarting. Try again in a moment.",
        BrokenCircuitException =>
            "The Api is unavailable (circuit open after repeated failures). Try again in a few seconds.",
        ExecutionRejectedException =>
            "The Api is busy (too many requests in flight from the Admin). Try again in a moment.",
        HttpRequestException or IOException => $"The Api could not be reached ({ex.Message}).",
        JsonException or NotSupportedException =>
            "The Api answered with a body that could not be read: its version may not match the Admin's.",
        _ => null,
    };

    private static async Task<string> DescribeAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            var title = problem?["title"]?.ToString();
            var detail = problem?["detail"]?.ToString();
            var errors = problem?["errors"] is JsonObject fields
                ? string.Join("; ", fields.Select(f => $"{f.Key}: {(f.Value is JsonArray values ? string.Join(", ", values) : f.Value)}"))
                : null;
            var text = string.Join(" — ", new[] { title, detail, errors }.Where(s => !string.IsNullOrEmpty(s)));
            return text.Length > 0 ? text : Status(response);
        }
        catch (Exception ex) when (ex is InvalidOperationException || Readable(ex, ct) is not null)
        {
            return Status(response);
        }
    }

    private static string Status(HttpResponseMessage response) => $"The Api answered {(int)response.StatusCode} {response.ReasonPhrase}.";
}
