using System.Net.Http.Headers;
using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// What every venue client shares: one GET through the venue's handlers (gate, retries, request metric), told
/// its route and cost; error statuses, non-JSON and oversized bodies refused; a body read whole (buffered by the
/// gate) or, for a streamed one, as it arrives within <see cref="VenueOptions.RequestTimeout"/>.
/// </summary>
public abstract class VenueClient(HttpClient http, VenueOptions options) : IVenueClient
{
    public abstract VenueDefinition Venue { get; }

    protected VenueOptions Options => options;

    public abstract Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken);

    public abstract Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken);

    /// <summary>The JSON body of a GET of <paramref name="pathAndQuery"/>.</summary>
    protected async Task<JsonDocument> GetJsonAsync(string pathAndQuery, string route, double cost, CancellationToken cancellationToken) =>
        await ReadAsync(pathAndQuery, route, cost, streamed: false, async (body, token) =>
        {
            try
            {
                return await JsonDocument.ParseAsync(body, cancellationToken: token);
            }
            catch (JsonException ex)
            {
                throw new VenueDataException($"{Venue.DisplayName} {pathAndQuery} body is not valid JSON: {ex.Message}", ex);
            }
        }, cancellationToken);

    /// <summary>
    /// Reads the JSON body of a GET of <paramref name="pathAndQuery"/> with <paramref name="read"/>; a streamed body
    /// is read as it arrives, within <see cref="VenueOptions.RequestTimeout"/> from its headers.
    /// </summary>
    protected async Task<T> ReadAsync<T>(
        string pathAndQuery, string route, double cost, bool streamed, Func<Stream, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Options.Set(VenueRequest.Cost, cost);
        request.Options.Set(VenueRequest.Route, route);
        request.Options.Set(VenueRequest.Streamed, streamed);
        using var response = await VenueResponses.SendAsync(http, request, cancellationToken);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (streamed)
        {
            reading.CancelAfter(options.RequestTimeout);
        }

        try
        {
            await using var body = await VenueResponses.OpenJsonBodyAsync(response, options.MaxBodyBytes, reading.Token);
            return await read(body, reading.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Venue.Id} timed out: the body of {route} was not read within {options.RequestTimeout}");
        }
    }

    /// <summary>Points a client at the venue's root; paths are relative to it.</summary>
    public static void Configure(HttpClient client, VenueOptions options)
    {
        // A trailing slash makes relative paths append to the base path instead of replacing its last segment.
        var baseUrl = options.BaseUrl.ToString();
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CryptApp/1.0");
        // The gate handler bounds each attempt; time spent queued for budget must not count.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }
}
