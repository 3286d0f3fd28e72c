using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.Api;

/// <summary>
/// Market streams on real Kestrel over a real Redis, read by .NET's own SSE parser: the snapshot is the REST answer, each
/// write an update whose <c>book</c> is the written book's top levels, the newest wins under <c>maxRate</c>, states come
/// as status events, the caps answer 429, a client that does not read is dropped, and one Redis subscription serves every
/// client of a market.
/// </summary>
public sealed class MarketStreamTests(StreamingApi api) : IClassFixture<StreamingApi>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    [Fact(Timeout = 60_000)]
    public async Task A_client_gets_the_rest_answer_as_snapshot_then_each_write_as_an_update_carrying_the_written_books_top_levels()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await api.Writes.WriteAsync("okx", "SOL-USDT", 150, version: 1, StreamingApi.FreshFor);
        await using var stream = await SseSubscription.OpenAsync(api.Client, $"/api/v1/markets/okx:SOL-USDT/stream?levels=5", ct);

        var snapshot = await stream.NextAsync(Wait, "the snapshot", ct);
        Assert.Equal("snapshot", snapshot.Type);
        AssertBook(first, snapshot.Json, 5);
        var rest = await VenueMarkets.JsonAsync(api.Client, "/api/v1/markets/okx:SOL-USDT");
        AssertSameExceptBook(rest, snapshot.Json);

        var ids = new HashSet<string?> { snapshot.Id };
        for (var version = 2; version <= 6; version++)
        {
            var written = await api.Writes.WriteAsync("okx", "SOL-USDT", 150 + version, version, StreamingApi.FreshFor);
            var update = await stream.WaitForAsync(
                e => e.Type == "update" && Collected(e) == written.At, Wait, $"the update of write {version}", ct);
            AssertBook(written, update.Json, 5);
            AssertSameExceptBook(await VenueMarkets.JsonAsync(api.Client, $"/api/v1/markets/okx:SOL-USDT?v={version}"), update.Json);
            Assert.True(ids.Add(update.Id), $"event id {update.Id} repeated");
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Levels_zero_sends_the_figures_only_and_a_client_reconnecting_with_last_event_id_gets_a_fresh_snapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.Writes.WriteAsync("okx", "ADA-USDT", 0.5, version: 1, StreamingApi.FreshFor, step: 0.0001);
        string? lastId;
        await using (var stream = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/okx:ADA-USDT/stream?levels=0", ct))
        {
            var snapshot = await stream.NextAsync(Wait, "the snapshot", ct);
            Assert.Null(snapshot.Json["book"]);
            lastId = snapshot.Id;
        }

        var second = await api.Writes.WriteAsync("okx", "ADA-USDT", 0.51, version: 2, StreamingApi.FreshFor, step: 0.0001);
        await using var again = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/okx:ADA-USDT/stream", ct, lastEventId: lastId);
        var fresh = await again.NextAsync(Wait, "a snapshot after reconnecting", ct);
        Assert.Equal("snapshot", fresh.Type);
        Assert.Equal(second.At, Collected(fresh));
        Assert.NotEqual(lastId, fresh.Id);
        // The default is 20 levels a side.
        AssertBook(second, fresh.Json, 20);
    }

    [Fact(Timeout = 60_000)]
    public async Task A_watch_list_sends_each_markets_snapshot_then_the_updates_of_whichever_market_is_written()
    {
        var ct = TestContext.Current.CancellationToken;
        string[] pairs = ["UNI-USDT", "ATOM-USDT", "NEAR-USDT"];
        var written = new Dictionary<string, WrittenBook>();
        foreach (var pair in pairs)
        {
            var book = await api.Writes.WriteAsync("okx", pair, 10, version: 1, StreamingApi.FreshFor, step: 0.01);
            written[book.Id] = book;
        }

        var ids = string.Join(',', written.Keys.Append(written.Keys.First().ToLowerInvariant()));
        await using var stream = await SseSubscription.OpenAsync(api.Client, $"/api/v1/markets/stream?ids={ids}", ct);
        // Each market's snapshot, then its state.
        await Eventually.That(
            () => stream.Seen.Count(e => e.Type == "status") == pairs.Length, Wait, () => $"{pairs.Length} snapshots and states; seen {stream.Seen.Count}", ct);
        foreach (var snapshot in stream.Seen.Where(e => e.Type == "snapshot"))
        {
            Assert.Equal(written[(string)snapshot.Json["id"]!].At, Collected(snapshot));
            Assert.Null(snapshot.Json["book"]);
        }

        Assert.Equal(written.Keys.Order(), stream.Seen.Where(e => e.Type == "snapshot").Select(e => (string)e.Json["id"]!).Order());
        Assert.All(stream.Seen.Where(e => e.Type == "status"), e => Assert.Equal("live", State(e)));
        var second = await api.Writes.WriteAsync("okx", "ATOM-USDT", 11, version: 2, StreamingApi.FreshFor, step: 0.01);
        var update = await stream.SeenAsync(e => e.Type == "update", Wait, "the update of the written market", ct);
        Assert.Equal(("okx:ATOM-USDT", second.At), ((string?)update.Json["id"], Collected(update)));
        Assert.Equal(pairs.Length, stream.Seen.Count(e => e.Type == "snapshot"));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/api/v1/markets/okx:NOPE-USDT/stream", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/markets/okx:BTC-USDT!/stream", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/okx:XRP-USDT/stream?maxRate=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/okx:XRP-USDT/stream?maxRate=51", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/okx:XRP-USDT/stream?maxRate=1e1", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/okx:XRP-USDT/stream?levels=101", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/okx:XRP-USDT/stream?levels=-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/stream", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/stream?ids=okx:XRP-USDT,nope", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/markets/stream?ids=okx:XRP-USDT,okx:NOPE-USDT", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/pairs/NOPE-USDT/stream", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/pairs/XRP-USDT/stream?levels=5", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/pairs/XRP_USDT/stream", HttpStatusCode.BadRequest)]
    public async Task Unknown_markets_and_bad_parameters_are_answered_as_problems_before_any_stream(string url, HttpStatusCode expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await api.Writes.WriteAsync("okx", "XRP-USDT", 2, version: 1, StreamingApi.FreshFor, step: 0.001);
        var (stream, status, body) = await SseSubscription.OpenOrRefusedAsync(api.Client, url, ct);
        await using var _ = stream;
        Assert.True(status == expected, $"{url}: {(int)status} {body}");
        Assert.Contains("\"status\":" + (int)expected, body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Past_the_per_client_and_the_process_caps_a_stream_is_refused_429_and_a_closed_stream_frees_its_place()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.NoStreamsOpenAsync(ct);
        await api.Writes.WriteAsync("okx", "DOT-USDT", 5, version: 1, StreamingApi.FreshFor, step: 0.001);
        const string url = "/api/v1/markets/okx:DOT-USDT/stream";
        var open = new List<SseSubscription>();
        try
        {
            for (var i = 0; i < StreamingApi.MaxPerClient; i++)
            {
                open.Add(await SseSubscription.OpenAsync(api.Client, url, ct));
            }

            await ExpectRefusedAsync(api.Client, url, HttpStatusCode.TooManyRequests, "MaxPerClient", ct);

            // Another address (127.0.0.2 is loopback too) has its own share, up to the process's cap.
            using var other = OtherAddressClient(api.Client.BaseAddress!);
            for (var i = StreamingApi.MaxPerClient; i < StreamingApi.MaxTotal; i++)
            {
                open.Add(await SseSubscription.OpenAsync(other, url, ct));
            }

            await ExpectRefusedAsync(other, url, HttpStatusCode.TooManyRequests, "MaxTotal", ct);

            await CloseOneAndReopenAsync(open, api.Client, url, ct);
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task A_client_with_the_api_key_is_held_to_the_process_cap_alone_and_a_wrong_key_is_refused_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.NoStreamsOpenAsync(ct);
        await api.Writes.WriteAsync("okx", "LTC-USDT", 50, version: 1, StreamingApi.FreshFor, step: 0.001);
        const string url = "/api/v1/markets/okx:LTC-USDT/stream";
        using var keyed = KeyedClient(StreamingApi.Key);
        using var wrong = KeyedClient("not-the-key");
        var open = new List<SseSubscription>();
        try
        {
            await ExpectRefusedAsync(wrong, url, HttpStatusCode.Forbidden, "API key refused", ct);

            // The address's own share taken without the key, the key opens the rest of the process's.
            for (var i = 0; i < StreamingApi.MaxPerClient; i++)
            {
                open.Add(await SseSubscription.OpenAsync(api.Client, url, ct));
            }

            for (var i = StreamingApi.MaxPerClient; i < StreamingApi.MaxTotal; i++)
            {
                open.Add(await SseSubscription.OpenAsync(keyed, url, ct));
                Assert.Equal("snapshot", (await open[^1].NextAsync(Wait, "the keyed stream's snapshot", ct)).Type);
            }

            await ExpectRefusedAsync(keyed, url, HttpStatusCode.TooManyRequests, "MaxTotal", ct);

            // The keyed streams took none of the address's share: one closed unkeyed stream frees one unkeyed place.
            await CloseOneAndReopenAsync(open, api.Client, url, ct);
        }
        finally
        {
            foreach (var stream in open)
            {
                await stream.DisposeAsync();
            }
        }

        HttpClient KeyedClient(string key)
        {
            var client = api.Api.CreateClient();
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            return client;
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Every_client_of_a_market_is_served_by_one_redis_subscription_and_one_read_a_write_in_this_process()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.NoStreamsOpenAsync(ct);
        await api.Writes.WriteAsync("okx", "LTC-USDT", 80, version: 1, StreamingApi.FreshFor);
        var channel = StackExchange.Redis.RedisChannel.Literal(Core.Storage.RedisKeys.MarketChanges("okx:LTC-USDT"));
        var server = api.Redis.GetServer(api.Redis.GetEndPoints()[0]);
        var streams = new List<SseSubscription>();
        try
        {
            for (var i = 0; i < StreamingApi.MaxPerClient; i++)
            {
                var stream = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/okx:LTC-USDT/stream", ct);
                await stream.NextAsync(Wait, "the snapshot", ct);
                streams.Add(stream);
            }

            // Redis's own counts, not the Api's: the channel's subscribers, and the reads (HMGET) the writes cost.
            Assert.Equal(1, await server.SubscriptionSubscriberCountAsync(channel));
            await server.ConfigResetStatisticsAsync();
            const int writes = 5;
            for (var version = 2; version < 2 + writes; version++)
            {
                var written = await api.Writes.WriteAsync("okx", "LTC-USDT", 80 + version, version, StreamingApi.FreshFor);
                foreach (var stream in streams)
                {
                    await stream.WaitForAsync(e => e.Type == "update" && Collected(e) == written.At, Wait, $"write {version} as an update on every client", ct);
                }
            }

            // The embedded server keeps no command statistics.
            if (TestRedis.Kind == TestRedisKind.RedisServer)
            {
                var reads = await ReadsAsync(server);
                Assert.True(reads is >= writes and <= writes + 1, $"{reads} reads of the market for {writes} writes to {streams.Count} clients");
            }
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }

        await Eventually.That(
            async () => await server.SubscriptionSubscriberCountAsync(channel) == 0,
            Wait,
            () => "the process to unsubscribe once its last client of the market left",
            ct);
    }

    [Fact(Timeout = 60_000)]
    public async Task Updates_come_at_most_max_rate_a_second_and_the_newest_write_always_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.Writes.WriteAsync("okx", "AVAX-USDT", 30, version: 0, StreamingApi.FreshFor);
        await using var stream = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/okx:AVAX-USDT/stream?maxRate=2&levels=1", ct);
        await stream.NextAsync(Wait, "the snapshot", ct);

        WrittenBook last = null!;
        for (var version = 1; version <= 60; version++)
        {
            last = await api.Writes.WriteAsync("okx", "AVAX-USDT", 30 + (version * 0.01), version, StreamingApi.FreshFor);
        }

        var final = await stream.WaitForAsync(e => e.Type == "update" && Collected(e) == last.At, Wait, "the last write", ct);
        AssertBook(last, final.Json, 1);
        var updates = stream.Seen.Where(e => e.Type == "update").ToList();
        var span = (updates[^1].ReceivedAt - updates[0].ReceivedAt).TotalSeconds;
        // Arrival can only bunch events up, never space them out beyond what the server sent: the count bounds the rate.
        Assert.True(updates.Count <= (span * 2) + 2, $"{updates.Count} updates over {span:F2} s at maxRate=2");
        Assert.True(updates.Count < 60, $"{updates.Count} updates for 60 writes: nothing was conflated");
        var times = updates.Select(Collected).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_stream_says_when_the_book_resyncs_comes_back_turns_stale_and_closes()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.Writes.WriteAsync("kraken", "ETH-EUR", 3000, version: 1, StreamingApi.StaleAfter);
        await using var stream = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/kraken:ETH-EUR/stream?levels=0", ct);
        await stream.NextAsync(Wait, "the snapshot", ct);

        await api.Store.AnnounceStateAsync("kraken:ETH-EUR", "resyncing", "checksum mismatch");
        var resync = await stream.SeenAsync(e => State(e) == "resyncing", Wait, "a resyncing status after the book left the live state", ct);
        Assert.Equal("checksum mismatch", (string?)resync.Json["reason"]);
        Assert.Equal("kraken:ETH-EUR", (string?)resync.Json["market"]);

        var back = await api.Writes.WriteAsync("kraken", "ETH-EUR", 3001, version: 2, StreamingApi.StaleAfter);
        await stream.SeenAsync(e => State(e) == "live", Wait, "a live status once written again", ct);
        await stream.SeenAsync(e => e.Type == "update" && Collected(e) == back.At && (bool?)e.Json["stale"] == false, Wait, "the write after the resync", ct);

        await stream.SeenAsync(e => State(e) == "stale", StreamingApi.StaleAfter + Wait, "a stale status once no write came within its bound", ct);
        await stream.SeenAsync(e => e.Type == "update" && (bool?)e.Json["stale"] == true, Wait, "the view marked stale", ct);

        await api.Store.CloseAsync(["kraken:ETH-EUR"], DateTimeOffset.UtcNow);
        await stream.SeenAsync(e => State(e) == "closed", Wait, "a closed status", ct);
        await stream.SeenAsync(e => e.Type == "update" && (string?)e.Json["status"] == "closed", Wait, "the closed view", ct);

        // In the order they happened, after the state the stream opened in.
        var states = stream.Seen.Where(e => e.Type == "status").Select(State).ToList();
        Assert.Equal(["live", "resyncing", "live", "stale", "closed"], states);
        Assert.Equal("status", stream.Seen[1].Type);
    }

    private static string? State(ReceivedEvent e) => e.Type == "status" ? (string?)e.Json["state"] : null;

    [Fact(Timeout = 60_000)]
    public async Task A_quiet_stream_sends_a_comment_line_a_raw_reader_sees()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.Writes.WriteAsync("okx", "LINK-USDT", 15, version: 1, StreamingApi.FreshFor, step: 0.01);
        using var response = await api.Client.GetAsync("/api/v1/markets/okx:LINK-USDT/stream?levels=0", HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct), Encoding.UTF8);
        var lines = new List<string>();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timer.CancelAfter(Wait);
        // As curl -N prints it: retry, the snapshot, then (with HeartbeatInterval 1 s and no write) a comment.
        while (await reader.ReadLineAsync(timer.Token) is { } line)
        {
            lines.Add(line);
            if (line.StartsWith(':'))
            {
                break;
            }
        }

        Assert.StartsWith("retry: ", lines[0], StringComparison.Ordinal);
        Assert.Contains("event: snapshot", lines);
        Assert.Equal(": keep-alive", lines[^1]);
    }

    [Fact(Timeout = 90_000)]
    public async Task A_client_that_stops_reading_is_dropped_while_a_reading_client_gets_every_newest_write()
    {
        var ct = TestContext.Current.CancellationToken;
        await api.NoStreamsOpenAsync(ct);
        await api.Writes.WriteAsync("okx", "BNB-USDT", 600, version: 0, StreamingApi.FreshFor, levels: 100, step: 0.5);
        var dropped = api.Metrics.Dropped;
        await using var reading = await SseSubscription.OpenAsync(api.Client, "/api/v1/markets/okx:BNB-USDT/stream?levels=100&maxRate=50", ct);
        using var stalled = await StalledClient.OpenAsync(api.Client.BaseAddress!, "/api/v1/markets/okx:BNB-USDT/stream?levels=100&maxRate=50", ct);

        // About 9 KB an event: the stalled client's socket buffers fill, then its pending write outlasts SlowClientTimeout
        // (Kestrel's minimum response data rate is off here).
        WrittenBook last = null!;
        var version = 1;
        await Eventually.That(
            async () =>
            {
                last = await api.Writes.WriteAsync("okx", "BNB-USDT", 600 + (version % 7), version, StreamingApi.FreshFor, levels: 100, step: 0.5);
                version++;
                return api.Metrics.Open == 1 && api.Metrics.Dropped > dropped;
            },
            TimeSpan.FromSeconds(60),
            () => $"the stalled client to be dropped, the reading one left open; {api.Metrics.Open} open after {version} writes",
            ct,
            TimeSpan.FromMilliseconds(25));

        var final = await reading.WaitForAsync(e => e.Type == "update" && Collected(e) == last.At, Wait, "the reading client to get the last write", ct);
        AssertBook(last, final.Json, 100);
        // The server closed the stalled connection: reading it now ends (after what the kernel had buffered) or is reset.
        Assert.True(await StalledClient.ClosedByServerAsync(stalled, Wait, ct), "the stalled client's connection is still open");
    }

    /// <summary>HMGET calls since the statistics were reset, from Redis's <c>INFO commandstats</c>.</summary>
    private static async Task<long> ReadsAsync(StackExchange.Redis.IServer server)
    {
        var stats = (await server.InfoAsync("commandstats")).SelectMany(g => g).FirstOrDefault(p => p.Key == "cmdstat_hmget").Value;
        // calls=5,usec=...
        return stats is null ? 0 : long.Parse(stats.Split(',')[0].Split('=')[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Opening <paramref name="url"/> is refused with <paramref name="status"/>, its problem naming <paramref name="naming"/>.</summary>
    private static async Task ExpectRefusedAsync(HttpClient client, string url, HttpStatusCode status, string naming, CancellationToken ct)
    {
        var (opened, actual, body) = await SseSubscription.OpenOrRefusedAsync(client, url, ct);
        await using var _ = opened;
        Assert.True(
            opened is null && actual == status && body.Contains(naming, StringComparison.Ordinal),
            $"{url}: expected {(int)status} naming {naming}, got {(int)actual} {body}");
    }

    /// <summary>Closes the first of <paramref name="open"/>, then opens <paramref name="url"/> as <paramref name="client"/> once that frees a place.</summary>
    private static async Task CloseOneAndReopenAsync(List<SseSubscription> open, HttpClient client, string url, CancellationToken ct)
    {
        await open[0].DisposeAsync();
        open.RemoveAt(0);
        var reopened = await Eventually.Value(
            async () => (await SseSubscription.OpenOrRefusedAsync(client, url, ct)).Subscription,
            s => s is not null,
            Wait,
            _ => "a place to free once a stream closed",
            ct);
        open.Add(reopened!);
    }

    private static HttpClient OtherAddressClient(Uri baseAddress)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, token) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
                await socket.ConnectAsync(context.DnsEndPoint, token);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        return new HttpClient(handler) { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
    }

    private static DateTimeOffset Collected(ReceivedEvent e) =>
        DateTimeOffset.Parse((string)e.Json["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The event's book is the written book's top <paramref name="levels"/> a side, level for level.</summary>
    private static void AssertBook(WrittenBook written, JsonNode view, int levels)
    {
        foreach (var (name, side) in new[] { ("bids", written.Bids), ("asks", written.Asks) })
        {
            var served = view["book"]?[name]?.AsArray() ?? throw new Xunit.Sdk.XunitException($"no book.{name} in {view.ToJsonString()[..200]}");
            var expected = side.Take(levels).ToList();
            Assert.Equal(expected.Count, served.Count);
            for (var i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i], ((double)served[i]!["px"]!, (double)served[i]!["qty"]!));
                Assert.Equal(1, (int)served[i]!["orders"]!);
            }
        }
    }

    /// <summary>The event's view is the REST answer, field for field, plus its book.</summary>
    private static void AssertSameExceptBook(JsonNode rest, JsonNode streamed)
    {
        var copy = streamed.DeepClone().AsObject();
        copy.Remove("book");
        Assert.True(JsonNode.DeepEquals(rest, copy), $"REST {rest.ToJsonString()}\nstream {copy.ToJsonString()}");
    }
}
