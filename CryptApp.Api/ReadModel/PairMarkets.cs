using CryptApp.Api.Caching;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Markets;

namespace CryptApp.Api.ReadModel;

/// <summary>One venue's market in a pair: how the pair figures name it, where it is stored, and whether it is too old to count.</summary>
public sealed record PairMember(string Venue, string Key, bool Stale, DateTimeOffset? StaleAt = null);

/// <summary>
/// The markets one pair combines, sorted by venue id, as the market index lists them now. <see cref="Key"/>
/// names the members and their staleness, so a cached pair answer is reused only while both still hold.
/// </summary>
public sealed record PairMarkets(string Pair, IReadOnlyList<PairMember> Members)
{
    /// <summary>Whether a member is a live book (its figures change with every write).</summary>
    public bool Live { get; init; }

    public string Key => $"{Pair}|{string.Join(',', Members.Select(m => m.Stale ? m.Key + "!" : m.Key))}";

    /// <summary>Every pair listed by at least one venue, each with its venues in id order.</summary>
    public static IReadOnlyList<PairListing> List(MarketIndex index, QuoteEquivalence quotes) => quotes.Pairs(index).Listings;

    /// <summary>
    /// The markets of <paramref name="pair"/> (already named through <paramref name="quotes"/>); null when no
    /// venue lists it. A venue is named by its id, or by each market's id where equivalent quotes give it two.
    /// Staleness is decided here, per call: it moves with <paramref name="now"/>, not with the index.
    /// </summary>
    public static PairMarkets? Find(string pair, MarketIndex index, VenueStatusIndex exchanges, QuoteEquivalence quotes, DateTimeOffset now) =>
        quotes.Pairs(index).Members(pair) is { } members
            ? new PairMarkets(pair, members.Select(m => new PairMember(
                m.Name,
                m.Market.Id!,
                exchanges.IsStale(m.Market, now) ?? false,
                exchanges.StaleAt(m.Market))).ToList())
            { Live = members.Any(m => m.Market.Source == MarketSources.Stream) }
            : null;
}
