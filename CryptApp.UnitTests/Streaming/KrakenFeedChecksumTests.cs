using System.Text;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Streaming;

/// <summary>
/// Kraken's book checksum against Kraken's own documented examples: the BTC/USD snapshot of its "Book checksum (v2)"
/// guide (3310070434, with its intermediate string), and the MATIC/USD snapshot and update of its v2 <c>book</c> page
/// (2439117997, then 2114181697), whose numbers come without trailing zeros and hash only with the pair's decimals
/// (4 for the price, 8 for the quantity).
/// </summary>
public sealed class KrakenFeedChecksumTests
{
    private const string GuideSnapshot = """
        {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD",
        "bids":[{"price":45283.5,"qty":0.10000000},{"price":45283.4,"qty":1.54582015},{"price":45282.1,"qty":0.10000000},{"price":45281.0,"qty":0.10000000},{"price":45280.3,"qty":1.54592586},{"price":45279.0,"qty":0.07990000},{"price":45277.6,"qty":0.03310103},{"price":45277.5,"qty":0.30000000},{"price":45277.3,"qty":1.54602737},{"price":45276.6,"qty":0.15445238}],
        "asks":[{"price":45285.2,"qty":0.00100000},{"price":45286.4,"qty":1.54571953},{"price":45286.6,"qty":1.54571109},{"price":45289.6,"qty":1.54560911},{"price":45290.2,"qty":0.15890660},{"price":45291.8,"qty":1.54553491},{"price":45294.7,"qty":0.04454749},{"price":45296.1,"qty":0.35380000},{"price":45297.5,"qty":0.09945542},{"price":45299.5,"qty":0.18772827}],
        "checksum":3310070434}]}
        """;

    private const string GuideText =
        "45285210000045286415457195345286615457110945289615456091145290215890660452918154553491452947445474945296135380000452975994554245299518772827"
        + "452835100000004528341545820154528211000000045281010000000452803154592586452790799000045277633101034527753000000045277315460273745276615445238";

    private const string MaticSnapshot = """
        {"channel":"book","type":"snapshot","data":[{"symbol":"MATIC/USD",
        "bids":[{"price":0.5666,"qty":4831.75496356},{"price":0.5665,"qty":6658.22734739},{"price":0.5664,"qty":18724.91513344},{"price":0.5663,"qty":11563.92544914},{"price":0.5662,"qty":14006.65365711},{"price":0.5661,"qty":17454.85679807},{"price":0.566,"qty":18097.1547},{"price":0.5659,"qty":33644.89175666},{"price":0.5658,"qty":148.3464},{"price":0.5657,"qty":606.70854372}],
        "asks":[{"price":0.5668,"qty":4410.79769741},{"price":0.5669,"qty":4655.40412487},{"price":0.567,"qty":49844.89424998},{"price":0.5671,"qty":24306.41678},{"price":0.5672,"qty":29783.25223475},{"price":0.5673,"qty":57234.71239278},{"price":0.5674,"qty":45065.04744},{"price":0.5675,"qty":5912.76380354},{"price":0.5676,"qty":42514.92434778},{"price":0.5677,"qty":36304.0847022}],
        "checksum":2439117997,"timestamp":"2023-10-06T17:35:55.440295Z"}]}
        """;

    private const string MaticUpdate = """
        {"channel":"book","type":"update","data":[{"symbol":"MATIC/USD","bids":[{"price":0.5657,"qty":1098.3947558}],"asks":[],"checksum":2114181697,"timestamp":"2023-10-06T17:35:55.440295Z"}]}
        """;

    [Fact]
    public void The_guides_btc_usd_snapshot_hashes_to_its_documented_string_and_checksum()
    {
        var (feed, listener) = Feed("BTC-USD", priceDecimals: null, sizeDecimals: null);
        feed.Handle(Encoding.UTF8.GetBytes(GuideSnapshot), DateTimeOffset.UnixEpoch, listener);

        var book = Assert.Single(feed.Books);
        Assert.Equal(GuideText, KrakenChecksum.Text(book, null, null));
        Assert.Equal(3310070434u, KrakenChecksum.Compute(book, null, null));
        Assert.Equal(BookState.Live, book.State);
        Assert.Equal(0, feed.Counters.ChecksumFailures);
    }

    [Fact]
    public void The_book_pages_matic_snapshot_and_update_check_with_the_pairs_decimals()
    {
        var (feed, listener) = Feed("MATIC-USD", priceDecimals: 4, sizeDecimals: 8);
        feed.Handle(Encoding.UTF8.GetBytes(MaticSnapshot), DateTimeOffset.UnixEpoch, listener);
        feed.Handle(Encoding.UTF8.GetBytes(MaticUpdate), DateTimeOffset.UnixEpoch, listener);

        var book = Assert.Single(feed.Books);
        Assert.Equal(BookState.Live, book.State);
        Assert.Equal(0, feed.Counters.ChecksumFailures);
        Assert.Equal(1098.3947558m, book.Bids.SizeAt(9));
        Assert.Equal(2114181697u, KrakenChecksum.Compute(book, 4, 8));
    }

    [Fact]
    public void Without_the_pairs_decimals_the_matic_snapshot_fails_its_checksum_and_resyncs()
    {
        var (feed, listener) = Feed("MATIC-USD", priceDecimals: null, sizeDecimals: null);
        feed.Handle(Encoding.UTF8.GetBytes(MaticSnapshot), DateTimeOffset.UnixEpoch, listener);

        var book = Assert.Single(feed.Books);
        Assert.Equal(BookState.Resyncing, book.State);
        Assert.Equal(1, feed.Counters.ChecksumFailures);
        Assert.Equal(0, book.Bids.Count);
        Assert.Equal([book], listener.Resynced);
    }

    private static (KrakenFeed Feed, RecordingListener Listener) Feed(string pair, int? priceDecimals, int? sizeDecimals)
    {
        var parts = pair.Split('-');
        var instrument = new VenueInstrument(VenueIds.Kraken, pair, parts[0], parts[1], pair.Replace("-", ""), "online", true, priceDecimals, sizeDecimals);
        return (new KrakenFeed([instrument], depth: 10), new RecordingListener());
    }
}
