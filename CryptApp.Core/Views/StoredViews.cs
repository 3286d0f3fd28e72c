using System.Text.Json;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Views;

/// <summary>Which ready-made view of a market a reader asks for.</summary>
public enum StoredViewKind
{
    /// <summary><c>GET /api/v1/markets/{symbol}</c>.</summary>
    Market,

    /// <summary><c>GET /cryptos/{symbol}</c>.</summary>
    Compat,

    /// <summary><c>GET /cryptos/{symbol}/bids</c>.</summary>
    CompatBids,

    /// <summary><c>GET /cryptos/{symbol}/asks</c>.</summary>
    CompatAsks,
}

/// <summary>The UTF-8 JSON of every view of one snapshot, made once when the snapshot is written.</summary>
public static class StoredViews
{
    /// <summary>The hash field a view is stored under.</summary>
    public static string Field(StoredViewKind kind) => kind switch
    {
        StoredViewKind.Market => "market",
        StoredViewKind.Compat => "compat",
        StoredViewKind.CompatBids => "compat-bids",
        StoredViewKind.CompatAsks => "compat-asks",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The version of a market's data: changes exactly when a run collects it again.</summary>
    public static string Version(DateTimeOffset collectedAt) => collectedAt.UtcTicks.ToString("x", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The version of a closed market's data: its open version, marked closed (<c>{ticks}.closed</c>).</summary>
    public static string ClosedVersion(string openVersion) => openVersion.Split('.')[0] + ".closed";

    /// <summary>
    /// Every view of the snapshot. The original's views exist only for Blockchain.com's markets, the only
    /// ones the original served: <c>/cryptos/{symbol}</c> of another venue's market is not found.
    /// </summary>
    public static IEnumerable<(string Field, byte[] Json)> From(MarketSnapshot snapshot)
    {
        var context = ViewJsonContext.Default;
        yield return (Field(StoredViewKind.Market), JsonSerializer.SerializeToUtf8Bytes(MarketView.From(snapshot), context.MarketView));
        if (snapshot.Source is { Venue: not VenueIds.Blockchain })
        {
            yield break;
        }

        yield return (Field(StoredViewKind.Compat), JsonSerializer.SerializeToUtf8Bytes(
            new Dictionary<string, CompatMarketSummary>
            {
                [snapshot.Symbol] = new(CompatSideSummary.From(snapshot.Bids), CompatSideSummary.From(snapshot.Asks)),
            },
            context.DictionaryStringCompatMarketSummary));
        yield return (Field(StoredViewKind.CompatBids), JsonSerializer.SerializeToUtf8Bytes(new CompatBids(CompatSideDetail.From(snapshot.Bids)), context.CompatBids));
        yield return (Field(StoredViewKind.CompatAsks), JsonSerializer.SerializeToUtf8Bytes(new CompatAsks(CompatSideDetail.From(snapshot.Asks)), context.CompatAsks));
    }
}
