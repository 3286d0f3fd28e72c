using System.Net.Http.Headers;
using CryptApp.Core.Markets;
using Microsoft.Extensions.Options;

namespace CryptApp.Core.Exchanges;

/// <summary>
/// Blockchain.com Exchange v3 over a typed <see cref="HttpClient"/>; rate limiting, timeouts and
/// retries come from the handlers the host puts around it.
/// </summary>
public sealed class BlockchainExchangeClient(HttpClient http, IOptions<BlockchainExchangeOptions> options)
{
    public async Task<IReadOnlyList<ExchangeSymbol>> GetSymbolsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync("symbols", cancellationToken);
        await using var body = await OpenJsonBodyAsync(response, cancellationToken);
        return await SymbolsParser.ParseAsync(body, cancellationToken);
    }

    public async Task<OrderBook> GetOrderBookAsync(string symbol, CancellationToken cancellationToken)
    {
        using var response = await SendAsync($"l3/{Uri.EscapeDataString(symbol)}", cancellationToken);
        await using var body = await OpenJsonBodyAsync(response, cancellationToken);
        var book = await L3BookParser.ParseAsync(body, symbol, options.Value.MaxBodyBytes, cancellationToken);
        // Our key is the symbol we asked for, whatever spelling the body carries.
        book.Symbol = symbol;
        return book;
    }

    private async Task<HttpResponseMessage> SendAsync(string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await ExchangeResponses.SendAsync(http, request, cancellationToken);
    }

    private Task<Stream> OpenJsonBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken) =>
        ExchangeResponses.OpenJsonBodyAsync(response, options.Value.MaxBodyBytes, cancellationToken);

    public static void Configure(HttpClient client, BlockchainExchangeOptions options)
    {
        // A trailing slash makes relative paths append to the base path instead of replacing its last segment.
        var baseUrl = options.BaseUrl.ToString();
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CryptApp/1.0");
    }
}
