using CryptApp.Api.Caching;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;

namespace CryptApp.Api.Venues;

/// <summary>One venue's market in a pair: how the pair figures name it, where it is stored, and whether it is too old to count.</summary>
public sealed record PairMember(string Exchange, string Key, bool Stale, DateTimeOffset? StaleAt = null);

/// <summary>
/// The markets one pair combines, sorted by venue id, as the market index lists them now. <see cref="Key"/>
/// names the members and their staleness, so a cached pair answer is reused only while both still hold.
/// </summary>
public sealed record PairMarkets(string Pair, IReadOnlyList<PairMember> Members)
{
    public string Key => $"{Pair}|{string.Join(',', Members.Select(m => m.Stale ? m.Key + "!" : m.Key))}";

    /// <summary>Every pair listed by at least one venue, each with its venues in id order.</summary>
    public static IReadOnlyList<PairListing> List(MarketIndex index, QuoteEquivalence quotes) =>
        index.Markets
            .Select(m => (Pair: quotes.PairOf(m), m.Exchange))
            .Where(m => m.Pair is not null && m.Exchange is not null)
            .GroupBy(m => m.Pair!, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PairListing(g.Key, [.. g.Select(m => m.Exchange!).Distinct().Order(StringComparer.Ordinal)]))
            .ToList();

    /// <summary>
    /// The markets of <paramref name="pair"/> (already named through <paramref name="quotes"/>); null when no
    /// venue lists it. A venue is named by its id, or by each market's id where equivalent quotes give it two.
    /// </summary>
    public static PairMarkets? Find(string pair, MarketIndex index, ExchangeIndex exchanges, QuoteEquivalence quotes, DateTimeOffset now)
    {
        var markets = index.Markets
            .Where(m => m.Exchange is not null && m.Id is not null && quotes.PairOf(m) == pair)
            .OrderBy(m => m.Exchange, StringComparer.Ordinal)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        if (markets.Count == 0)
        {
            return null;
        }

        return new PairMarkets(pair, markets.Select(m => new PairMember(
            markets.Count(o => o.Exchange == m.Exchange) > 1 ? m.Id! : m.Exchange!,
            m.Id!,
            exchanges.IsStale(m.Exchange!, m.CollectedAt, now) ?? false,
            exchanges.StaleAt(m.Exchange!, m.CollectedAt))).ToList());
    }
}
