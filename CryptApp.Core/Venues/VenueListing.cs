namespace CryptApp.Core.Venues;

/// <summary>
/// What a venue's listing gives to collect: its open instruments, one per market. Where two open instruments
/// map to one pair (Coinbase lists <c>BTCAUCTION-USD</c> with base BTC and quote USD beside <c>BTC-USD</c>), the
/// one whose own symbol spells the pair (<c>BTC-USD</c>, <c>BTCUSDT</c>) is kept, else the first listed; the
/// other is passed over and named, so the caller can log it.
/// </summary>
public sealed record VenueListing(IReadOnlyList<VenueInstrument> Open, IReadOnlyList<(VenueInstrument Kept, VenueInstrument PassedOver)> PassedOver)
{
    public static VenueListing Of(IEnumerable<VenueInstrument> listed)
    {
        var kept = new Dictionary<string, VenueInstrument>(StringComparer.Ordinal);
        var order = new List<string>();
        var passedOver = new List<(VenueInstrument, VenueInstrument)>();
        foreach (var instrument in listed.Where(i => i.Open))
        {
            if (!kept.TryGetValue(instrument.Pair, out var first))
            {
                kept[instrument.Pair] = instrument;
                order.Add(instrument.Pair);
            }
            else if (SpellsPair(instrument) && !SpellsPair(first))
            {
                kept[instrument.Pair] = instrument;
                passedOver.Add((instrument, first));
            }
            else
            {
                passedOver.Add((first, instrument));
            }
        }

        return new VenueListing([.. order.Select(pair => kept[pair])], passedOver);
    }

    /// <summary>Whether the venue's own symbol is the pair, separators and case aside.</summary>
    public static bool SpellsPair(VenueInstrument instrument) =>
        string.Equals(Letters(instrument.VenueSymbol), Letters(instrument.Pair), StringComparison.OrdinalIgnoreCase);

    private static string Letters(string symbol) => string.Concat(symbol.Where(char.IsLetterOrDigit));
}
