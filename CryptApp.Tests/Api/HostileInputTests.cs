using System.Net;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.Api;

/// <summary>
/// No input makes the Api answer 500: malformed ones get a 400 problem naming the field, unknown ones 404. The Api runs
/// on real Kestrel, which sees every byte of these paths as a client sends them.
/// </summary>
public sealed class HostileInputTests(CollectedApi host) : IClassFixture<CollectedApi>
{
    public static TheoryData<string, int, string?> Inputs => new()
    {
        { "/api/v1/markets/" + new string('A', 300), 400, "symbol" },
        { "/api/v1/markets/" + new string('A', 5000) + "-USD", 400, "symbol" },
        { "/api/v1/markets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", 400, "symbol" },
        { "/api/v1/markets/..%5C..%5Cwindows", 400, "symbol" },
        { "/api/v1/markets/BTC_USD", 400, "symbol" },
        { "/api/v1/markets/BTC%20USD", 400, "symbol" },
        { "/api/v1/markets/%CE%92%CE%A4C-USD", 400, "symbol" },
        { "/api/v1/markets/%F0%9F%99%82-USD", 400, "symbol" },
        { "/api/v1/markets/BTC-USD%25", 400, "symbol" },
        { "/api/v1/markets/BTC-USD%0A", 400, "symbol" },
        { "/api/v1/markets/'%3B%20DROP%20TABLE%20markets%3B--", 400, "symbol" },
        { "/api/v1/markets/%3Cscript%3Ealert(1)%3C%2Fscript%3E", 400, "symbol" },
        { "/api/v1/markets/BTC-USD-EUR-GBP", 400, "symbol" },
        { "/api/v1/markets/-", 400, "symbol" },
        { "/api/v1/markets/%2A", 400, "symbol" },
        { "/api/v1/markets/NOPE-USD", 404, null },
        { "/api/v1/markets/NOPE-USD/book", 404, null },
        { "/api/v1/markets?page=-1", 400, "page" },
        { "/api/v1/markets?page=0", 400, "page" },
        { "/api/v1/markets?page=abc", 400, "page" },
        { "/api/v1/markets?page=99999999999999999999", 400, "page" },
        { "/api/v1/markets?pageSize=100000", 400, "pageSize" },
        { "/api/v1/markets?pageSize=-5", 400, "pageSize" },
        { "/api/v1/markets?pageSize=1e3", 400, "pageSize" },
        { "/api/v1/markets?sort=unknownField", 400, "sort" },
        { "/api/v1/markets?sort=__proto__", 400, "sort" },
        { "/api/v1/markets?order=sideways", 400, "order" },
        { "/api/v1/markets?search=" + new string('x', 1000), 400, "search" },
        { "/api/v1/markets?search=%27%20OR%201%3D1--", 400, "search" },
        { "/api/v1/markets?search=%24where%3A1", 400, "search" },
        { "/api/v1/markets/BTC-USD/slippage?side=hold&notional=1", 400, "side" },
        { "/api/v1/markets/BTC-USD/slippage?side=buy&notional=-5", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=buy&notional=NaN", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=buy&notional=1e400", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=sell&notional=Infinity", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage", 400, "side" },
        { "/api/v1/markets/BTC-USD/slippage?side=buy&notional=1e-320", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=buy&notional=4.9e-324", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=sell&notional=1e-9", 400, "notional" },
        { "/api/v1/markets/BTC-USD/slippage?side=sell&notional=" + new string('1', 400), 400, "notional" },
        { "/api/v1/markets/BTC-USD/history?from=yesterday", 400, "from" },
        { "/api/v1/markets/BTC-USD/history?to=2026-13-45", 400, "to" },
        { "/api/v1/markets/BTC-USD/history?interval=0s", 400, "interval" },
        { "/api/v1/markets/BTC-USD/history?interval=9999d", 400, "interval" },
        { "/api/v1/markets/BTC-USD/history?interval=-1h", 400, "interval" },
        { "/api/v1/markets/BTC-USD/history?interval=-00:05:00", 400, "interval" },
        { "/api/v1/markets/BTC-USD/history?to=0001-01-01T00:00:00Z", 400, "to" },
        { "/api/v1/markets/BTC-USD/history?from=0001-01-01T00:00:00Z", 400, "from" },
        { "/api/v1/markets/BTC-USD/history?to=9999-12-31T23:59:59Z", 400, "to" },
        { "/api/v1/markets/BTC-USD/history?from=9999-12-31T23:59:59.9999999Z&to=9999-12-31T23:59:59.9999999Z", 400, "from" },
        { "/api/v1/markets/BTC-USD/history?from=2026-11-25T00:00:00Z&to=2026-11-24T00:00:00Z", 400, "from" },
        { "/api/v1/markets/BTC-USD/history?from=2026-01-01T00:00:00Z&to=2026-11-01T00:00:00Z&interval=1s", 400, "interval" },
        { "/api/v1/jobs/runs?status=Exploded", 400, "status" },
        { "/api/v1/jobs/runs?status=1", 400, "status" },
        { "/api/v1/jobs/runs?page=0", 400, "page" },
        { "/api/v1/jobs/runs?page=2147483648", 400, "page" },
        { "/api/v1/markets?page=2147483647", 400, "page" },
        { "/api/v1/jobs/runs?pageSize=501", 400, "pageSize" },
        { "/api/v1/jobs/runs?job=%3Cscript%3E", 400, "job" },
        { "/api/v1/jobs/runs?job=launch-rockets", 400, "job" },
        { "/api/v1/jobs/runs/..%2F..%2Fetc", 404, null },
        { "/api/v1/jobs/runs/" + new string('9', 500), 404, null },
    };

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Inputs))]
    public async Task Hostile_input_gets_a_problem_never_a_500(string path, int status, string? field)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Api.GetAsync(path, ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal(status, (int)problem["status"]!);
        if (field is not null)
        {
            Assert.True(problem["errors"]?[field] is not null, $"the problem does not name '{field}': {problem.ToJsonString()}");
        }
    }

    [Theory(Timeout = 60_000)]
    [InlineData("/cryptos/" + "%2E%2E%2Fadmin")]
    [InlineData("/cryptos/%F0%9F%99%82")]
    [InlineData("/cryptos/BTC-USD%25/bids")]
    public async Task Compat_routes_keep_their_own_404_body_for_any_symbol(string path)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Api.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"status":404001,"message":"CRYPTO_NOT_FOUND"}""", await response.Content.ReadAsStringAsync(ct));
    }
}
