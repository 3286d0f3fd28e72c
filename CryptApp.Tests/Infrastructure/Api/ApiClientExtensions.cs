using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.Infrastructure.Api;

internal static class ApiClientExtensions
{
    /// <summary>
    /// Sends until the answer is not a 503, at most <paramref name="tries"/> times. A 503 says Redis answered the Api too
    /// slowly for a moment (the tests' Redis timeout is 500 ms, and a loaded machine runs other AppHosts beside this
    /// one): as any client, ask again after its Retry-After. The last answer is returned, whatever it is.
    /// </summary>
    public static async Task<HttpResponseMessage> RetryingUnavailableAsync(Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken, int tries = 3)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await send();
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || attempt == tries)
            {
                return response;
            }

            var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(2);
            response.Dispose();
            await Task.Delay(wait, cancellationToken);
        }
    }

    public static async Task<JsonNode> GetJsonAsync(this HttpClient api, string path, CancellationToken cancellationToken)
    {
        using var response = await RetryingUnavailableAsync(() => api.GetAsync(path, cancellationToken), cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return (await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken))!;
    }

    /// <summary>A query string of its own bypasses the output cache, so this is what Redis holds now.</summary>
    public static async Task<string> GetUncachedJsonAsync(this HttpClient api, string path, CancellationToken cancellationToken) =>
        (await api.GetJsonAsync($"{path}?fresh={Guid.NewGuid():N}", cancellationToken)).ToJsonString();

    /// <summary>Polls the markets list until every symbol is there (the worker's first runs fill it).</summary>
    public static Task WaitForMarketsAsync(this HttpClient api, CancellationToken cancellationToken, params string[] symbols) =>
        Eventually.Value(
            async () => (await api.GetJsonAsync("/api/v1/markets", cancellationToken))["items"]!.AsArray().Select(m => (string)m!["symbol"]!).ToHashSet(),
            listed => symbols.All(listed.Contains),
            Timeouts.Collection,
            listed => $"markets {string.Join(", ", symbols.Except(listed ?? []))} to be collected; listed: {string.Join(", ", listed ?? [])}",
            cancellationToken);
}
