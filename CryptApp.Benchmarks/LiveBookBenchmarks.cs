using System.Text;
using BenchmarkDotNet.Attributes;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;

namespace CryptApp.Benchmarks;

/// <summary>
/// One delta applied to a live book of 1,000 levels a side, as a venue's frame read by its feed: the Bybit frame's
/// levels parsed exactly and set (sizes changed, levels removed and put back in turn, so the book keeps its size),
/// its sequence checked. <see cref="MemoryDiagnoser"/> shows what the steady path allocates.
/// </summary>
[MemoryDiagnoser]
public class LiveBookBenchmarks
{
    private LiveBookDeltas _deltas = null!;

    [GlobalSetup]
    public void Setup() => _deltas = new LiveBookDeltas(levels: 1000);

    [Benchmark]
    public void ApplyBybitDelta() => _deltas.ApplyNext();
}

/// <summary>A Bybit feed holding one book of <c>levels</c> a side, and a ring of delta frames that keep it that size.</summary>
public sealed class LiveBookDeltas
{
    private const int Frames = 4096;
    private const long FirstUpdate = 1_000_000;
    private readonly BybitFeed _feed;
    private readonly LiveBook _book;
    private readonly byte[][] _frames = new byte[Frames][];
    private readonly NoListener _listener = new();
    private int _next;

    public LiveBookDeltas(int levels)
    {
        var instrument = new VenueInstrument(VenueIds.Bybit, "BTC-USDT", "BTC", "USDT", "BTCUSDT", "Trading", true);
        _feed = new BybitFeed([instrument], depth: levels);
        _book = _feed.Books.Single();
        var random = new Random(42);
        var bids = Enumerable.Range(1, levels).Select(i => (Price: 30000m - (i * 0.5m), Size: Size(random))).ToList();
        var asks = Enumerable.Range(1, levels).Select(i => (Price: 30000m + (i * 0.5m), Size: Size(random))).ToList();
        _feed.Handle(Frame("snapshot", FirstUpdate, bids, asks), DateTimeOffset.UtcNow, _listener);
        if (_book.Bids.Count != levels || _book.Asks.Count != levels)
        {
            throw new InvalidOperationException($"the snapshot made {_book.Bids.Count}/{_book.Asks.Count} levels, not {levels}");
        }

        // In fours: remove a level anywhere, put it back, then change two sizes near the top of a side, twice.
        var removed = (Bid: true, Level: bids[0]);
        for (var i = 0; i < Frames; i++)
        {
            var bid = random.Next(2) == 0;
            var side = bid ? bids : asks;
            List<(decimal Price, decimal Size)> changes;
            switch (i % 4)
            {
                case 0:
                    removed = (bid, side[random.Next(side.Count)]);
                    changes = [(removed.Level.Price, 0m)];
                    break;
                case 1:
                    bid = removed.Bid;
                    changes = [removed.Level];
                    break;
                default:
                    changes = [(side[random.Next(20)].Price, Size(random)), (side[random.Next(20)].Price, Size(random))];
                    break;
            }

            _frames[i] = Frame("delta", FirstUpdate + 1 + i, bid ? changes : [], bid ? [] : changes);
        }
    }

    public LiveBook Book => _book;

    /// <summary>Reads the next frame; after the last, the ring starts again with the sequence set back to where it began.</summary>
    public void ApplyNext()
    {
        if (_next == Frames)
        {
            _next = 0;
            _book.Sequence = FirstUpdate;
        }

        _feed.Handle(_frames[_next++], default, _listener);
    }

    public bool Live => _book.State == BookState.Live && _feed.Counters.Resyncs == 0;

    private static decimal Size(Random random) => Math.Round(random.Next(1, 100_000) / 1000m, 3);

    private static byte[] Frame(string type, long u, IEnumerable<(decimal Price, decimal Size)> bids, IEnumerable<(decimal Price, decimal Size)> asks) =>
        Encoding.UTF8.GetBytes(
            $$"""{"topic":"orderbook.1000.BTCUSDT","type":"{{type}}","ts":1687940967466,"data":{"s":"BTCUSDT","b":[{{Levels(bids)}}],"a":[{{Levels(asks)}}],"u":{{u}},"seq":{{u * 3}}},"cts":1687940967464}""");

    private static string Levels(IEnumerable<(decimal Price, decimal Size)> levels) =>
        string.Join(',', levels.Select(l => $"[\"{l.Price.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}\",\"{l.Size.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)}\"]"));

    private sealed class NoListener : IFeedListener
    {
        public void Send(string message)
        {
        }

        public void Resync(LiveBook book) => throw new InvalidOperationException($"the benchmark's book resynced: {book.LastResyncReason}");

        public void Reconnect(string reason) => throw new InvalidOperationException($"the benchmark's feed asked to reconnect: {reason}");

        public void Rotate(string reason) => Reconnect(reason);
    }
}
