using CryptApp.Api.Caching;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// One market index snapshot grouped by the pair each market counts under, built once per snapshot (see
/// <see cref="QuoteEquivalence.Pairs"/>): a pair's lookup is a dictionary hit instead of naming every market again.
/// </summary>
public sealed class PairIndex
{
    private readonly Dictionary<string, IReadOnlyList<(MarketSummary Market, string Name)>> _members;

    public PairIndex(MarketIndex index, QuoteEquivalence quotes)
    {
        // Only open markets have a book to consolidate.
        var named = index.Open
            .Where(m => m.Venue is not null)
            .Select(m => (Pair: quotes.PairOf(m), Market: m))
            .Where(m => m.Pair is not null)
            .GroupBy(m => m.Pair!, m => m.Market, StringComparer.Ordinal)
            .ToList();

        Listings = named
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PairListing(g.Key, [.. g.Select(m => m.Venue!).Distinct().Order(StringComparer.Ordinal)]))
            .ToList();

        _members = new Dictionary<string, IReadOnlyList<(MarketSummary, string)>>(StringComparer.Ordinal);
        foreach (var group in named)
        {
            var markets = group.Where(m => m.Id is not null).OrderBy(m => m.Venue, StringComparer.Ordinal).ThenBy(m => m.Id, StringComparer.Ordinal).ToList();
            if (markets.Count > 0)
            {
                // A venue with two markets in the pair (equivalent quotes) names each by its market id.
                _members[group.Key] = markets.Select(m => (m, markets.Count(o => o.Venue == m.Venue) > 1 ? m.Id! : m.Venue!)).ToList();
            }
        }
    }

    /// <summary>Every pair listed by at least one venue, each with its venues in id order.</summary>
    public IReadOnlyList<PairListing> Listings { get; }

    /// <summary>The markets of <paramref name="pair"/> by venue id then market id, each with the name the pair figures give it; null when no venue lists it.</summary>
    public IReadOnlyList<(MarketSummary Market, string Name)>? Members(string pair) => _members.GetValueOrDefault(pair);
}
