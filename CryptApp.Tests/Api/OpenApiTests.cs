namespace CryptApp.Tests.Api;

/// <summary>The Api describes itself: the OpenAPI document and its interactive reference page.</summary>
public sealed class OpenApiTests(CollectedApi host) : IClassFixture<CollectedApi>
{
    private const int TestTimeout = 60_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Openapi_document_describes_every_endpoint_with_problem_responses()
    {
        var ct = TestContext.Current.CancellationToken;

        var document = await host.Api.GetJsonAsync("/openapi/v1.json", ct);
        var paths = document["paths"]!.AsObject();

        foreach (var path in new[]
                 {
                     "/api/v1/markets", "/api/v1/markets/{symbol}", "/api/v1/markets/{symbol}/book", "/api/v1/markets/{symbol}/slippage",
                     "/api/v1/markets/{symbol}/history", "/api/v1/jobs", "/api/v1/jobs/runs", "/api/v1/jobs/runs/{id}",
                     "/cryptos/{symbol}", "/cryptos/{symbol}/bids", "/cryptos/{symbol}/asks", "/tools/health",
                     "/api/v1/exchanges", "/api/v1/pairs", "/api/v1/pairs/{pair}", "/api/v1/pairs/{pair}/slippage",
                 })
        {
            var operation = paths[path]?["get"];
            Assert.True(operation is not null, $"{path} is not documented");
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), $"{path} has no summary");
        }

        var market = paths["/api/v1/markets/{symbol}"]!["get"]!["responses"]!.AsObject();
        Assert.Contains("200", market.Select(r => r.Key));
        Assert.Contains("404", market.Select(r => r.Key));
        Assert.Contains("400", market.Select(r => r.Key));
        Assert.NotNull(paths["/api/v1/markets/{symbol}/slippage"]!["get"]!["parameters"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Openapi_document_describes_the_streams_as_event_streams_with_their_parameters_and_refusals()
    {
        var ct = TestContext.Current.CancellationToken;
        var paths = (await host.Api.GetJsonAsync("/openapi/v1.json", ct))["paths"]!.AsObject();
        foreach (var (path, parameters) in new[]
                 {
                     ("/api/v1/markets/{symbol}/stream", new[] { "symbol", "maxRate", "levels" }),
                     ("/api/v1/markets/stream", ["ids", "maxRate", "levels"]),
                     ("/api/v1/pairs/{pair}/stream", ["pair", "maxRate"]),
                 })
        {
            var operation = paths[path]?["get"] ?? throw new Xunit.Sdk.XunitException($"{path} is not documented");
            Assert.Contains("`snapshot`", (string?)operation["description"] ?? "", StringComparison.Ordinal);
            var responses = operation["responses"]!.AsObject();
            Assert.NotNull(responses["200"]?["content"]?["text/event-stream"]);
            foreach (var status in new[] { "400", "403", "404", "429" })
            {
                Assert.True(responses.ContainsKey(status), $"{path} does not document {status}");
            }

            Assert.Equal(parameters.Order(), operation["parameters"]!.AsArray().Select(p => (string)p!["name"]!).Order());
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Scalar_reference_page_is_served()
    {
        var ct = TestContext.Current.CancellationToken;

        var page = await host.Api.GetStringAsync("/scalar", ct);

        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
    }
}
