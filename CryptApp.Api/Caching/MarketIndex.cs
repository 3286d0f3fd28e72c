using System.Collections.Immutable;
using System.ComponentModel;
using CryptApp.Contracts.Markets;

namespace CryptApp.Api.Caching;

/// <summary>
/// Every collected market's summary, as one immutable value: HybridCache keeps an immutable value itself
/// in memory, where it would otherwise deserialize a mutable one from bytes on every hit.
/// </summary>
[ImmutableObject(true)]
public sealed record MarketIndex(ImmutableArray<MarketSummary> Markets);
