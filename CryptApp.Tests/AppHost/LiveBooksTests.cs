using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// Live books end to end on real processes: three Workers, one owning Bybit's stream from the fake venue, its books
/// written to Redis and served by the Api equal to the venue's after every push; the owner stopped hands the stream over
/// at once, and killed, another takes it within the lease and five seconds.
/// </summary>
public sealed class LiveBooksTests(StreamsAppHost host) : IClassFixture<StreamsAppHost>
{
    private const int TestTimeout = 180_000;

    [Fact(Timeout = TestTimeout)]
    public async Task The_api_serves_each_live_book_equal_to_the_venues_after_every_update()
    {
        var ct = TestContext.Current.CancellationToken;
        var symbols = await LiveSymbolsAsync(ct);
        for (var i = 0; i < 10; i++)
        {
            await host.Streams.PushAsync(StreamsAppHost.Venue);
            foreach (var symbol in symbols)
            {
                await ServedEqualsVenueAsync(symbol, ct);
            }
        }

        var market = await host.Api.GetJsonAsync($"/api/v1/markets/bybit:{Pair(symbols[0])}?fresh={Guid.NewGuid():N}", ct);
        Assert.Equal("stream", (string?)market["source"]);
        Assert.NotNull(market["lagMs"]);
        Assert.False((bool?)market["stale"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_stream_client_gets_a_snapshot_then_an_update_equal_to_the_venues_book_after_every_push()
    {
        var ct = TestContext.Current.CancellationToken;
        var symbol = (await LiveSymbolsAsync(ct))[0];
        await ServedEqualsVenueAsync(symbol, ct);
        using var client = new HttpClient { BaseAddress = host.Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await using var stream = await SseSubscription.OpenAsync(client, $"/api/v1/markets/bybit:{Pair(symbol)}/stream?levels=100&maxRate=50", ct);
        var snapshot = await stream.NextAsync(Timeouts.Collection, "the snapshot", ct);
        Assert.Equal("snapshot", snapshot.Type);
        Assert.Equal("stream", (string?)snapshot.Json["source"]);

        for (var i = 0; i < 5; i++)
        {
            await host.Streams.PushAsync(StreamsAppHost.Venue);
            await StreamedEqualsVenueAsync(stream, symbol, $"an update equal to the venue's book after push {i + 1}", ct);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_gap_in_the_venues_feed_reaches_stream_clients_as_resyncing_then_live_with_the_venues_book()
    {
        var ct = TestContext.Current.CancellationToken;
        var symbol = (await LiveSymbolsAsync(ct))[0];
        await ServedEqualsVenueAsync(symbol, ct);
        using var client = new HttpClient { BaseAddress = host.Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await using var stream = await SseSubscription.OpenAsync(client, $"/api/v1/markets/bybit:{Pair(symbol)}/stream?levels=100&maxRate=50", ct);
        await stream.NextAsync(Timeouts.Collection, "the snapshot", ct);

        // One update withheld: the Worker's feed sees the gap, clears the book and asks for a new snapshot.
        host.Streams.Set(StreamsAppHost.Venue, symbol, Testing.Fakes.Streams.FakeStreamFault.DropNext);
        await host.Streams.PushAsync(StreamsAppHost.Venue);
        await host.Streams.PushAsync(StreamsAppHost.Venue);
        var resync = await stream.SeenAsync(
            e => e.Type == "status" && (string?)e.Json["state"] == "resyncing", Timeouts.Collection, "a resyncing status after the gap", ct);
        Assert.StartsWith("gap", (string?)resync.Json["reason"] ?? "", StringComparison.Ordinal);
        await stream.SeenAsync(e => e.Type == "status" && (string?)e.Json["state"] == "live" && stream.Seen.ToList().IndexOf(e) > stream.Seen.ToList().IndexOf(resync),
            Timeouts.Collection, "a live status once the book was rebuilt", ct);

        await host.Streams.PushAsync(StreamsAppHost.Venue);
        await StreamedEqualsVenueAsync(stream, symbol, "an update equal to the venue's book after the resync", ct);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_exchanges_list_shows_the_stream_its_books_and_its_owner()
    {
        var ct = TestContext.Current.CancellationToken;
        await LiveSymbolsAsync(ct);
        var stream = await Eventually.Value(
            async () => (await ExchangeAsync(ct))["stream"],
            s => s is not null && (string?)s["state"] == "open" && (int)s["live"]! >= 1,
            Timeouts.Collection,
            s => $"bybit's stream to be open with a live book; last {s?.ToJsonString() ?? "none"}",
            ct);
        Assert.True((int)stream!["books"]! >= (int)stream["live"]!);
        // The class's gap test may have run first: every gap counted is a book resynced.
        Assert.True((long)stream["resyncs"]! >= (long)stream["gaps"]!, $"resyncs and gaps: {stream.ToJsonString()}");
        Assert.Equal(0, (long)stream["malformed"]!);
        Assert.Contains(':', (string)stream["owner"]!);
        Assert.NotNull(stream["lastMessageAt"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_stopped_owner_hands_the_stream_over_at_once_and_a_killed_one_within_the_lease_and_five_seconds()
    {
        var ct = TestContext.Current.CancellationToken;
        var symbols = await LiveSymbolsAsync(ct);
        foreach (var kill in new[] { false, true })
        {
            var owner = await OwnerAsync(ct);
            var connections = host.Streams.Connections;
            await WorkerProcesses.SignalAsync(Pid(owner), kill, ct);
            var stoppedAt = DateTimeOffset.UtcNow;
            await Eventually.That(
                () => host.Streams.Connections > connections,
                StreamsAppHost.LeaseTime + TimeSpan.FromSeconds(20),
                () => $"another Worker to connect after {(kill ? "SIGKILL" : "SIGTERM")} of {owner}",
                ct,
                TimeSpan.FromMilliseconds(20));
            var tookOver = DateTimeOffset.UtcNow - stoppedAt;
            var bound = kill ? StreamsAppHost.LeaseTime + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(5);
            Assert.True(tookOver <= bound, $"{(kill ? "killed" : "stopped")} owner replaced after {tookOver.TotalSeconds:F1} s (bound {bound.TotalSeconds} s)");
            var next = await Eventually.Value(() => OwnerAsync(ct), o => o != owner, Timeouts.Collection, o => $"a new owner than {owner}; last {o}", ct);
            Assert.NotEqual(owner, next);
            for (var i = 0; i < 3; i++)
            {
                await host.Streams.PushAsync(StreamsAppHost.Venue);
                foreach (var symbol in symbols)
                {
                    await ServedEqualsVenueAsync(symbol, ct);
                }
            }
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_rest_run_audits_each_live_book_and_counts_the_books_a_venue_serves_differently_by_rest()
    {
        var ct = TestContext.Current.CancellationToken;
        var symbols = await LiveSymbolsAsync(ct);
        await host.Streams.PushAsync(StreamsAppHost.Venue);
        foreach (var symbol in symbols)
        {
            await ServedEqualsVenueAsync(symbol, ct);
        }

        using var writer = host.CreateWriter();
        // A run that met the push above mid-way may count a book; one begun after it finds them all equal.
        await Eventually.Value(
            () => BybitOutcomeOfANewRunAsync(writer, ct),
            o => (int)o["audited"]! >= symbols.Count && (int)o["auditMismatches"]! == 0,
            Timeouts.Collection,
            o => $"a run to audit every live Bybit book and find each equal to its REST book; last {o?.ToJsonString()}",
            ct);

        host.Streams.Set(StreamsAppHost.Venue, symbols[0], Testing.Fakes.Streams.FakeStreamFault.RestBookDiffers);
        try
        {
            var lied = await Eventually.Value(
                () => BybitOutcomeOfANewRunAsync(writer, ct),
                o => (int)o["auditMismatches"]! >= 1,
                Timeouts.Collection,
                o => $"a run to count the book whose REST differs; last {o?.ToJsonString()}",
                ct);
            Assert.Equal(1, (int)lied["auditMismatches"]!);
            await Eventually.That(
                async () => (int?)(await ExchangeAsync(ct))["auditMismatches"] >= 1,
                Timeouts.Collection,
                () => "the exchanges list to show Bybit's audit mismatch",
                ct);
        }
        finally
        {
            host.Streams.Set(StreamsAppHost.Venue, symbols[0], Testing.Fakes.Streams.FakeStreamFault.None);
        }

        // Audited, the live book was left as the stream wrote it.
        await ServedEqualsVenueAsync(symbols[0], ct);
    }

    /// <summary>Triggers a run (or joins the one going) and returns Bybit's line of its record once it has ended.</summary>
    private async Task<JsonNode> BybitOutcomeOfANewRunAsync(HttpClient writer, CancellationToken ct)
    {
        using var response = await JobRuns.TriggerAsync(writer, ct);
        var run = await JobRuns.ReadAsync(response, System.Net.HttpStatusCode.Accepted, ct, System.Net.HttpStatusCode.OK);
        var final = await JobRuns.WaitForFinalAsync(host.Api, (string)run["id"]!, ct);
        return final["venues"]!.AsArray().Single(v => (string)v!["exchange"]! == StreamsAppHost.Venue)!;
    }

    private async Task<IReadOnlyList<string>> LiveSymbolsAsync(CancellationToken ct) =>
        await Eventually.Value(
            () => Task.FromResult(host.Streams.Subscribed(StreamsAppHost.Venue)),
            s => s.Count > 0,
            Timeouts.Collection,
            _ => "a Worker to subscribe Bybit's books",
            ct);

    private async Task<JsonNode> ExchangeAsync(CancellationToken ct) =>
        (await host.Api.GetJsonAsync($"/api/v1/exchanges?fresh={Guid.NewGuid():N}", ct)).AsArray().Single(e => (string)e!["id"]! == StreamsAppHost.Venue)!;

    private async Task<string> OwnerAsync(CancellationToken ct) =>
        (await Eventually.Value(
            async () => (string?)(await ExchangeAsync(ct))["stream"]?["owner"],
            o => o is not null,
            Timeouts.Collection,
            _ => "bybit's stream status to name its owner",
            ct))!;

    private static int Pid(string owner) => int.Parse(owner.Split(':')[^1], CultureInfo.InvariantCulture);

    /// <summary>BTCUSDT → BTC-USDT, the fake's quotes being USDT.</summary>
    private static string Pair(string symbol) => $"{symbol[..^4]}-{symbol[^4..]}";

    /// <summary>Waits until the Api's book of the market equals the fake venue's book, level for level.</summary>
    private Task ServedEqualsVenueAsync(string symbol, CancellationToken ct) =>
        Eventually.Value(
            async () =>
            {
                // Not written yet (404) is "not yet": the first write follows the first snapshot by up to a write interval.
                using var response = await host.Api.GetAsync($"/api/v1/markets/bybit:{Pair(symbol)}/book?fresh={Guid.NewGuid():N}", ct);
                if (!response.IsSuccessStatusCode)
                {
                    return $"the book answered {(int)response.StatusCode}";
                }

                var book = (await response.Content.ReadFromJsonAsync<JsonNode>(ct))!;
                var fake = host.Streams.Book(StreamsAppHost.Venue, symbol);
                return Difference(book["bids"]!.AsArray(), [.. fake.Top(true, 50)], "bids") ?? Difference(book["asks"]!.AsArray(), [.. fake.Top(false, 50)], "asks");
            },
            difference => difference is null,
            Timeouts.Collection,
            difference => $"the served book of {symbol} to equal the venue's; {difference}",
            ct,
            TimeSpan.FromMilliseconds(50));

    /// <summary>Waits for a stream update whose book equals the fake venue's book as it stands now, level for level.</summary>
    private Task<ReceivedEvent> StreamedEqualsVenueAsync(SseSubscription stream, string symbol, string describe, CancellationToken ct)
    {
        var fake = host.Streams.Book(StreamsAppHost.Venue, symbol);
        List<KeyValuePair<decimal, decimal>> bids = [.. fake.Top(true, 100)], asks = [.. fake.Top(false, 100)];
        return stream.SeenAsync(
            e => e.Type == "update" && e.Json["book"] is { } book
                && Difference(book["bids"]!.AsArray(), bids, "bids") is null && Difference(book["asks"]!.AsArray(), asks, "asks") is null,
            Timeouts.Collection,
            describe,
            ct);
    }

    private static string? Difference(JsonArray served, List<KeyValuePair<decimal, decimal>> venue, string side)
    {
        if (served.Count != venue.Count)
        {
            return $"{side}: {served.Count} levels served, the venue has {venue.Count}";
        }

        for (var i = 0; i < venue.Count; i++)
        {
            var (px, qty) = ((double)served[i]!["px"]!, (double)served[i]!["qty"]!);
            if (px != (double)venue[i].Key || qty != (double)venue[i].Value)
            {
                return $"{side}[{i}]: {px} x {qty} served, the venue has {venue[i].Key} x {venue[i].Value}";
            }
        }

        return null;
    }
}
