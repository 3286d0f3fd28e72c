namespace CryptApp.Admin.Services;

/// <summary>Typed client of the CryptApp Api, found through service discovery.</summary>
public sealed class CryptAppApiClient(HttpClient http)
{
    public async Task<PagedList<MarketSummary>> GetMarketsAsync(CancellationToken cancellationToken) =>
        await http.GetFromJsonAsync<PagedList<MarketSummary>>("api/v1/markets", cancellationToken)
        ?? throw new InvalidOperationException("The Api answered the markets list with an empty body.");
}
