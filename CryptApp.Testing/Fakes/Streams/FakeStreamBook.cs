namespace CryptApp.Testing.Fakes.Streams;

/// <summary>
/// One fake venue book that moves: exact decimal levels, a sequence the venue's protocol numbers its updates by, and
/// small random changes (a size changed, a level removed, a level added) that never cross the book.
/// </summary>
public sealed class FakeStreamBook
{
    private readonly Random _random;
    private readonly int _priceDecimals;
    private readonly int _sizeDecimals;

    public FakeStreamBook(string symbol, int seed, int levels = 30, int priceDecimals = 2, int sizeDecimals = 6)
    {
        Symbol = symbol;
        _random = new Random(seed);
        _priceDecimals = priceDecimals;
        _sizeDecimals = sizeDecimals;
        var mid = 1000m + _random.Next(0, 50_000);
        var tick = Tick;
        for (var i = 1; i <= levels; i++)
        {
            Bids[mid - (i * 5 * tick)] = Size();
            Asks[mid + (i * 5 * tick)] = Size();
        }

        Sequence = 1000 + _random.Next(0, 1000);
    }

    public string Symbol { get; }

    /// <summary>Best first: highest price first.</summary>
    public SortedDictionary<decimal, decimal> Bids { get; } = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));

    public SortedDictionary<decimal, decimal> Asks { get; } = new();

    public long Sequence { get; set; }

    public DateTimeOffset Time { get; private set; } = DateTimeOffset.UtcNow;

    private decimal Tick => 1m / (decimal)Math.Pow(10, _priceDecimals);

    /// <summary>One to three changes, each (bid side?, price, new size; 0 removes), applied to the book and returned.</summary>
    public IReadOnlyList<(bool Bid, decimal Price, decimal Size)> Step()
    {
        var changes = new List<(bool, decimal, decimal)>();
        for (var n = _random.Next(1, 4); n > 0; n--)
        {
            var bid = _random.Next(2) == 0;
            var side = bid ? Bids : Asks;
            var kind = _random.Next(3);
            if (kind == 0 && side.Count > 5)
            {
                var price = side.Keys.ElementAt(_random.Next(side.Count));
                side.Remove(price);
                changes.Add((bid, price, 0m));
            }
            else if (kind == 1 || side.Count == 0)
            {
                // A new level beyond the best of its side, never across the other.
                var best = side.Count > 0 ? side.Keys.First() : (bid ? Asks.Keys.First() - Tick : Bids.Keys.First() + Tick);
                var price = bid ? best - (_random.Next(1, 60) * Tick) : best + (_random.Next(1, 60) * Tick);
                var size = Size();
                side[price] = size;
                changes.Add((bid, price, size));
            }
            else
            {
                var price = side.Keys.ElementAt(_random.Next(side.Count));
                var size = Size();
                side[price] = size;
                changes.Add((bid, price, size));
            }
        }

        Time = DateTimeOffset.UtcNow;
        return changes;
    }

    public IEnumerable<KeyValuePair<decimal, decimal>> Top(bool bid, int depth) => (bid ? Bids : Asks).Take(depth);

    private decimal Size() => Math.Round((decimal)_random.Next(1, 5_000_000) / (decimal)Math.Pow(10, _random.Next(2, _sizeDecimals + 1)), _sizeDecimals);
}
