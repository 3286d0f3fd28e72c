using System.Runtime.CompilerServices;
using CryptApp.Api.Caching;
using CryptApp.Api.Extensions;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// Which quote currencies count as one when pairs combine across venues (<c>Api:Pairs:EquivalentQuotes</c>,
/// e.g. <c>["USD=USDC"]</c>): each entry's currencies take the name of its first. None by default, so
/// USD and USDT stay apart.
/// </summary>
public sealed class QuoteEquivalence(IOptions<ApiOptions> options)
{
    private readonly IReadOnlyDictionary<string, string> _names = Parse(options.Value.Pairs.EquivalentQuotes, out _)
        ?? throw new OptionsValidationException(ApiOptions.SectionName, typeof(ApiOptions), ["Api:Pairs:EquivalentQuotes is invalid"]);

    // Keyed by the snapshot itself: a new index (after an announcement) gets its own, and the old one's goes with it.
    private readonly ConditionalWeakTable<MarketIndex, PairIndex> _pairs = [];

    /// <summary>The index's markets grouped by pair under these names, built on the first call for each index snapshot.</summary>
    public PairIndex Pairs(MarketIndex index) => _pairs.GetValue(index, i => new PairIndex(i, this));

    /// <summary>The pair a market counts under, or null for a market that is no BASE-QUOTE pair.</summary>
    public string? PairOf(MarketSummary market) =>
        market is { Base: { } b, Quote: { } q } ? $"{b}-{_names.GetValueOrDefault(q, q)}" : null;

    /// <summary>A canonical pair (<c>BTC-USDC</c>) under the name its quote combines under (<c>BTC-USD</c>).</summary>
    public string Name(string pair)
    {
        var dash = pair.IndexOf('-');
        var quote = pair[(dash + 1)..];
        return $"{pair[..dash]}-{_names.GetValueOrDefault(quote, quote)}";
    }

    /// <summary>Currency → the name it combines under; null, with <paramref name="error"/>, when an entry is malformed or a currency is in two.</summary>
    public static IReadOnlyDictionary<string, string>? Parse(IEnumerable<string> entries, out string? error)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            var codes = entry.Split('=', StringSplitOptions.TrimEntries);
            if (codes.Length < 2 || !codes.All(CanonicalPair.IsAsset))
            {
                error = $"'{entry}' must be two or more currency codes joined by '=', e.g. USD=USDC";
                return null;
            }

            foreach (var code in codes.Select(c => c.ToUpperInvariant()))
            {
                if (!names.TryAdd(code, codes[0].ToUpperInvariant()))
                {
                    error = $"'{code}' is in more than one entry";
                    return null;
                }
            }
        }

        error = null;
        return names;
    }
}
