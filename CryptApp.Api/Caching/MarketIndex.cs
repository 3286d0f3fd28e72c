using System.Collections.Immutable;
using System.ComponentModel;
using System.Text.Json.Serialization;
using CryptApp.Contracts.Markets;

namespace CryptApp.Api.Caching;

/// <summary>
/// Every collected market's summary, as one immutable value: HybridCache keeps an immutable value itself
/// in memory, where it would otherwise deserialize a mutable one from bytes on every hit. The open and the closed
/// markets are split once per snapshot, not on every request that reads them.
/// </summary>
[ImmutableObject(true)]
public sealed record MarketIndex(ImmutableArray<MarketSummary> Markets)
{
    /// <summary>The markets their venue lists with a live book (<see cref="MarketStatus.Open"/>; rows without a status too).</summary>
    [JsonIgnore]
    public ImmutableArray<MarketSummary> Open { get; } = [.. Markets.Where(m => !MarketStatus.IsClosed(m.Status))];

    [JsonIgnore]
    public ImmutableArray<MarketSummary> Closed { get; } = [.. Markets.Where(m => MarketStatus.IsClosed(m.Status))];

    /// <summary>The markets of a list's <c>status</c>: <c>open</c>, <c>closed</c> or <c>all</c>.</summary>
    public ImmutableArray<MarketSummary> InStatus(string status) => status switch
    {
        MarketStatus.Open => Open,
        MarketStatus.Closed => Closed,
        _ => Markets,
    };
}
