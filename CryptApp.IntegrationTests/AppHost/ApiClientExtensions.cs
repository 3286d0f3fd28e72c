using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CryptApp.IntegrationTests.AppHost;

internal static class ApiClientExtensions
{
    /// <remarks>
    /// A 503 says Redis answered the Api too slowly for a moment (the tests' Redis timeout is 500 ms, and a loaded
    /// machine runs other AppHosts beside this one): as any client, ask again after its Retry-After, a few times.
    /// </remarks>
    public static async Task<JsonNode> GetJsonAsync(this HttpClient api, string path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await api.GetAsync(path, cancellationToken);
            if (response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && attempt < 3)
            {
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2), cancellationToken);
                continue;
            }

            Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
            return (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))!;
        }
    }

    /// <summary>A query string of its own bypasses the output cache, so this is what Redis holds now.</summary>
    public static async Task<string> GetUncachedJsonAsync(this HttpClient api, string path, CancellationToken cancellationToken) =>
        (await api.GetJsonAsync($"{path}?fresh={Guid.NewGuid():N}", cancellationToken)).ToJsonString();

    /// <summary>Polls the markets list until every symbol is there (the worker's first runs fill it).</summary>
    public static async Task WaitForMarketsAsync(this HttpClient api, CancellationToken cancellationToken, params string[] symbols)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeouts.Collection);
        HashSet<string> listed = [];
        try
        {
            while (!symbols.All(listed.Contains))
            {
                var markets = await api.GetJsonAsync("/api/v1/markets", timeout.Token);
                listed = markets["items"]!.AsArray().Select(m => (string)m!["symbol"]!).ToHashSet();
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"Markets {string.Join(", ", symbols.Except(listed))} were not collected within {Timeouts.Collection}; listed: {string.Join(", ", listed)}");
        }
    }
}
