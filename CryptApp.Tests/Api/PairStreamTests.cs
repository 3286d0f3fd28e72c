using System.Text.Json.Nodes;

namespace CryptApp.Tests.Api;

/// <summary>
/// A pair's stream on real Kestrel over a real Redis: its snapshot is the REST answer, and a write to any member market
/// is an update whose best quotes are the written books' (checked against the written levels, not the Api's figures).
/// </summary>
public sealed class PairStreamTests(StreamingApi api) : IClassFixture<StreamingApi>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task A_pair_stream_sends_the_pair_answer_then_an_update_with_the_best_quotes_after_each_member_write()
    {
        var ct = TestContext.Current.CancellationToken;
        var binance = await api.Writes.WriteAsync("binance", "BTC-USDT", 60_000, version: 1, StreamingApi.FreshFor, step: 1);
        var okx = await api.Writes.WriteAsync("okx", "BTC-USDT", 60_010, version: 1, StreamingApi.FreshFor, step: 1);
        await using var stream = await SseSubscription.OpenAsync(api.Client, "/api/v1/pairs/btc-usdt/stream", ct);

        var snapshot = await stream.NextAsync(Wait, "the pair's snapshot", ct);
        Assert.Equal("snapshot", snapshot.Type);
        var rest = await VenueMarkets.JsonAsync(api.Client, "/api/v1/pairs/BTC-USDT");
        Assert.True(JsonNode.DeepEquals(rest, snapshot.Json), $"REST {rest.ToJsonString()}\nstream {snapshot.Data}");
        AssertBest(snapshot.Json, binance, okx);

        for (var version = 2; version <= 4; version++)
        {
            // The members move in turn; each write is one computation of the pair.
            (binance, okx) = version % 2 == 0
                ? (await api.Writes.WriteAsync("binance", "BTC-USDT", 60_000 + (version * 7), version, StreamingApi.FreshFor, step: 1), okx)
                : (binance, await api.Writes.WriteAsync("okx", "BTC-USDT", 60_010 - (version * 7), version, StreamingApi.FreshFor, step: 1));
            var (b, o) = (binance, okx);
            var update = await stream.SeenAsync(
                e => e.Type == "update" && VenueCollected(e.Json, "binance") == b.At && VenueCollected(e.Json, "okx") == o.At,
                Wait,
                $"the pair computed from write {version}",
                ct);
            AssertBest(update.Json, binance, okx);
        }
    }

    private static DateTimeOffset? VenueCollected(JsonNode pair, string venue) =>
        pair["venues"]!.AsArray().FirstOrDefault(v => (string?)v!["exchange"] == venue)?["collectedAt"] is { } at
            ? DateTimeOffset.Parse((string)at!, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>The best bid is the higher of the two written best bids, the best ask the lower ask, each at its venue.</summary>
    private static void AssertBest(JsonNode pair, WrittenBook binance, WrittenBook okx)
    {
        var bid = new[] { ("binance", binance.Bids[0]), ("okx", okx.Bids[0]) }.MaxBy(v => v.Item2.Px);
        var ask = new[] { ("binance", binance.Asks[0]), ("okx", okx.Asks[0]) }.MinBy(v => v.Item2.Px);
        Assert.Equal((bid.Item1, bid.Item2.Px, bid.Item2.Qty), ((string)pair["bestBid"]!["exchange"]!, (double)pair["bestBid"]!["px"]!, (double)pair["bestBid"]!["qty"]!));
        Assert.Equal((ask.Item1, ask.Item2.Px, ask.Item2.Qty), ((string)pair["bestAsk"]!["exchange"]!, (double)pair["bestAsk"]!["px"]!, (double)pair["bestAsk"]!["qty"]!));
    }
}
