using System.Text;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Streaming;

/// <summary>
/// Each feed reads its venue's own documented example frames (Binance's spot API docs, OKX's, Bybit's v5 docs,
/// Coinbase Advanced Trade's, Blockchain.com's exchange API docs) into the levels they state, and treats the
/// sequence rules those docs give as they say.
/// </summary>
public sealed class DocumentedFramesTests
{
    private readonly RecordingListener _listener = new();

    [Fact]
    public void Binance_documents_a_depth_update_that_splices_onto_a_snapshot_at_156()
    {
        var feed = new BinanceFeed([Instrument(VenueIds.Binance, "BNB-BTC", "BNBBTC")], 1000);
        var book = feed.Books.Single();
        feed.Handle(Bytes("""{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":157,"u":160,"b":[["0.0024","10"]],"a":[["0.0026","100"]]}"""), At, _listener);
        Assert.Equal(BookState.Buffering, book.State);
        Assert.Equal([book], _listener.Resynced);

        feed.ApplySnapshot(book, Bytes("""{"lastUpdateId":156,"bids":[["0.0023","5.00000000"]],"asks":[["0.0027","7"]]}"""), At, _listener);

        Assert.Equal(BookState.Live, book.State);
        Assert.Equal(160, book.Sequence);
        Assert.Equal([(0.0024m, 10m), (0.0023m, 5.00000000m)], Levels(book.Bids));
        Assert.Equal([(0.0026m, 100m), (0.0027m, 7m)], Levels(book.Asks));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672515782136), book.VenueTime);
    }

    [Fact]
    public void Binance_resyncs_a_book_whose_next_event_starts_past_its_id_plus_one()
    {
        var feed = new BinanceFeed([Instrument(VenueIds.Binance, "BNB-BTC", "BNBBTC")], 1000);
        var book = feed.Books.Single();
        feed.ApplySnapshot(book, Bytes("""{"lastUpdateId":156,"bids":[["0.0023","5"]],"asks":[["0.0027","7"]]}"""), At, _listener);

        feed.Handle(Bytes("""{"e":"depthUpdate","E":1672515782136,"s":"BNBBTC","U":158,"u":160,"b":[],"a":[]}"""), At, _listener);

        Assert.Equal((BookState.Resyncing, 1L), (book.State, feed.Counters.Gaps));
        Assert.Equal(0, book.Bids.Count);
    }

    [Fact]
    public void Okx_documents_a_books_snapshot_and_an_update_chained_by_prev_seq_id()
    {
        var feed = new OkxFeed([Instrument(VenueIds.Okx, "BTC-USDT", "BTC-USDT")], 400);
        var book = feed.Books.Single();
        const string levels = """
            "asks":[["8476.98","415","0","13"],["8477","7","0","2"],["8477.34","85","0","1"],["8477.56","1","0","1"],["8505.84","8","0","1"],["8506.37","85","0","1"],["8506.49","2","0","1"],["8506.96","100","0","2"]],
            "bids":[["8476.97","256","0","12"],["8475.55","101","0","1"],["8475.54","100","0","1"],["8475.3","1","0","1"],["8447.32","6","0","1"],["8447.02","246","0","1"],["8446.83","24","0","1"],["8446","95","0","3"]]
            """;
        feed.Handle(Bytes($$"""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{{{levels}},"ts":"1597026383085","checksum":-855196043,"prevSeqId":-1,"seqId":123456}]}"""), At, _listener);

        Assert.Equal((BookState.Live, 123456L, 8, 8), (book.State, book.Sequence, book.Bids.Count, book.Asks.Count));
        Assert.Equal((8476.97m, 256m, 12), (book.Bids.PriceAt(0), book.Bids.SizeAt(0), book.Bids.OrdersAt(0)));
        Assert.Equal((8476.98m, 415m, 13), (book.Asks.PriceAt(0), book.Asks.SizeAt(0), book.Asks.OrdersAt(0)));

        feed.Handle(Bytes($$"""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{{{levels}},"ts":"1597026383085","checksum":-855196043,"prevSeqId":123456,"seqId":123457}]}"""), At, _listener);
        Assert.Equal((BookState.Live, 123457L), (book.State, book.Sequence));

        feed.Handle(Bytes($$"""{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[],"ts":"1597026383085","checksum":0,"prevSeqId":123456,"seqId":123458}]}"""), At, _listener);
        Assert.Equal((BookState.Resyncing, 1L), (book.State, feed.Counters.Gaps));
        Assert.Equal(0, feed.Counters.ChecksumFailures);
    }

    [Fact]
    public void Bybit_documents_a_delta_whose_u_follows_the_last_and_a_u_of_1_restarts_the_book()
    {
        var feed = new BybitFeed([Instrument(VenueIds.Bybit, "BTC-USDT", "BTCUSDT")], 50);
        var book = feed.Books.Single();
        feed.Handle(Bytes("""{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":1687940967460,"data":{"s":"BTCUSDT","b":[["30247.20","1"],["30240.00","2"]],"a":[["30248.70","3"],["30249.60","4"]],"u":177400506,"seq":66544703340},"cts":1687940967458}"""), At, _listener);
        // The delta of Bybit's orderbook page, verbatim.
        feed.Handle(Bytes("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1687940967466,"data":{"s":"BTCUSDT","b":[["30247.20","30.028"],["30245.40","0.224"],["30242.10","1.593"],["30240.30","1.305"],["30240.00","0"]],"a":[["30248.70","0"],["30249.30","0.892"],["30249.50","1.778"],["30249.60","0"],["30251.90","2.947"],["30252.20","0.659"],["30252.50","4.591"]],"u":177400507,"seq":66544703342},"cts":1687940967464}"""), At, _listener);

        Assert.Equal((BookState.Live, 177400507L), (book.State, book.Sequence));
        Assert.Equal([(30247.20m, 30.028m), (30245.40m, 0.224m), (30242.10m, 1.593m), (30240.30m, 1.305m)], Levels(book.Bids));
        Assert.Equal([(30249.30m, 0.892m), (30249.50m, 1.778m), (30251.90m, 2.947m), (30252.20m, 0.659m), (30252.50m, 4.591m)], Levels(book.Asks));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1687940967464), book.VenueTime);

        feed.Handle(Bytes("""{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1687940967470,"data":{"s":"BTCUSDT","b":[["30000.00","9"]],"a":[["30300.00","9"]],"u":1,"seq":1},"cts":1687940967469}"""), At, _listener);
        Assert.Equal([(30000.00m, 9m)], Levels(book.Bids));
        Assert.Equal((BookState.Live, 1L, 0L), (book.State, book.Sequence, feed.Counters.Gaps));
    }

    [Fact]
    public void Coinbase_documents_a_level2_snapshot_and_a_sequence_num_skip_ends_the_connection()
    {
        var feed = new CoinbaseFeed([Instrument(VenueIds.Coinbase, "BTC-USD", "BTC-USD")], 100_000);
        var book = feed.Books.Single();
        feed.Connected();
        feed.Handle(Bytes("""{"channel":"l2_data","client_id":"","timestamp":"2023-02-09T20:32:50.714964855Z","sequence_num":0,"events":[{"type":"snapshot","product_id":"BTC-USD","updates":[{"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.73","new_quantity":"0.06317902"},{"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.3","new_quantity":"0.02"}]}]}"""), At, _listener);

        Assert.Equal(BookState.Live, book.State);
        Assert.Equal([(21921.73m, 0.06317902m), (21921.3m, 0.02m)], Levels(book.Bids));
        Assert.Equal(new DateTimeOffset(2023, 2, 9, 20, 32, 50, TimeSpan.Zero).AddTicks(7149648), book.VenueTime);

        feed.Handle(Bytes("""{"channel":"heartbeats","client_id":"","timestamp":"2023-06-23T20:31:26.122969572Z","sequence_num":2,"events":[{"current_time":"2023-06-23 20:31:56.121961769 +0000 UTC m=+91717.525857105","heartbeat_counter":"3049"}]}"""), At, _listener);

        Assert.Equal(["gap: sequence_num 2 after 0"], _listener.Reconnects);
        Assert.Equal((BookState.Resyncing, 0), (book.State, book.Bids.Count));
    }

    [Fact]
    public void Blockchain_documents_an_l2_snapshot_and_updates_numbered_by_seqnum()
    {
        var feed = new BlockchainFeed([Instrument(VenueIds.Blockchain, "BTC-USD", "BTC-USD")], 100_000);
        var book = feed.Books.Single();
        feed.Connected();
        feed.Handle(Bytes("""{"seqnum":1,"event":"subscribed","channel":"l2","symbol":"BTC-USD"}"""), At, _listener);
        feed.Handle(Bytes("""{"seqnum":2,"event":"snapshot","channel":"l2","symbol":"BTC-USD","bids":[{"px":8723.45,"qty":1.45,"num":2},{"px":8124.45,"qty":123.45,"num":1}],"asks":[{"px":8730.0,"qty":1.55,"num":2},{"px":8904.45,"qty":13.66,"num":2}]}"""), At, _listener);
        feed.Handle(Bytes("""{"seqnum":3,"event":"updated","channel":"l2","symbol":"BTC-USD","bids":[{"px":8723.45,"qty":1.1,"num":1}],"asks":[]}"""), At, _listener);
        feed.Handle(Bytes("""{"seqnum":4,"event":"updated","channel":"l2","symbol":"BTC-USD","bids":[{"px":8124.45,"qty":0,"num":0}],"asks":[]}"""), At, _listener);

        Assert.Equal(BookState.Live, book.State);
        Assert.Equal([(8723.45m, 1.1m)], Levels(book.Bids));
        Assert.Equal([(8730.0m, 1.55m), (8904.45m, 13.66m)], Levels(book.Asks));
        Assert.Equal(1, book.Bids.OrdersAt(0));

        feed.Handle(Bytes("""{"seqnum":6,"event":"updated","channel":"heartbeat","timestamp":"2019-05-31T08:36:45.666753Z"}"""), At, _listener);
        Assert.Equal(["gap: seqnum 6 after 4"], _listener.Reconnects);
    }

    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static byte[] Bytes(string json) => Encoding.UTF8.GetBytes(json);

    private static VenueInstrument Instrument(string venue, string pair, string venueSymbol)
    {
        var parts = pair.Split('-');
        return new VenueInstrument(venue, pair, parts[0], parts[1], venueSymbol, "open", true);
    }

    private static List<(decimal, decimal)> Levels(LiveBookSide side) =>
        [.. Enumerable.Range(0, side.Count).Select(i => (side.PriceAt(i), side.SizeAt(i)))];
}
