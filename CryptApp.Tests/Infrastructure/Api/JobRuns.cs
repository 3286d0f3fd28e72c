using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>The run endpoints as the tests use them: trigger a run, read the answer, wait for progress or an end.</summary>
public static class JobRuns
{
    public const string Trigger = "/api/v1/jobs/collect-process-cryptos/runs";

    /// <summary>
    /// Triggers a run as any client of the Api would: a 503 (Redis slower than the Api's 500 ms for a moment on a loaded
    /// machine) is asked again after its Retry-After.
    /// </summary>
    public static Task<HttpResponseMessage> TriggerAsync(HttpClient writer, CancellationToken ct, int tries = 3) =>
        ApiClientExtensions.RetryingUnavailableAsync(() => writer.PostAsync(Trigger, null, ct), ct, tries);

    /// <summary>The run an answer carries, once its status is <paramref name="expected"/> (or <paramref name="alternative"/>).</summary>
    public static async Task<JsonNode> ReadAsync(HttpResponseMessage response, HttpStatusCode expected, CancellationToken ct, HttpStatusCode? alternative = null)
    {
        if (response.StatusCode != expected && response.StatusCode != alternative)
        {
            Assert.Fail($"got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        return (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!;
    }

    /// <summary>The run as Redis holds it now (a query string of its own bypasses the output cache).</summary>
    public static Task<JsonNode> GetAsync(HttpClient api, string id, CancellationToken ct) =>
        api.GetJsonAsync($"/api/v1/jobs/runs/{id}?fresh={Guid.NewGuid():N}", ct);

    /// <summary>Waits until the run is Running with at least <paramref name="symbolsDone"/> symbols done.</summary>
    public static Task WaitForProgressAsync(HttpClient api, string id, int symbolsDone, CancellationToken ct) =>
        Eventually.Value(
            () => GetAsync(api, id, ct),
            run => (string)run["status"]! == "Running" && (int)run["symbolsDone"]! >= symbolsDone,
            Timeouts.Collection,
            run => $"run {id} to be Running with {symbolsDone} symbols done; last seen {run?.ToJsonString() ?? "nothing"}",
            ct,
            TimeSpan.FromMilliseconds(50));

    /// <summary>Waits until the run is neither Queued nor Running, and returns it.</summary>
    public static Task<JsonNode> WaitForFinalAsync(HttpClient api, string id, CancellationToken ct) =>
        Eventually.Value(
            () => GetAsync(api, id, ct),
            run => (string)run["status"]! is not ("Queued" or "Running"),
            Timeouts.Collection,
            run => $"run {id} to end; last seen {run?.ToJsonString() ?? "nothing"}",
            ct);
}
