using CryptApp.Core.Markets;

namespace CryptApp.Api.Contracts;

/// <summary>One page of a list resource.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

/// <summary>A market's history over a range, downsampled (<c>GET /api/v1/markets/{symbol}/history</c>).</summary>
public sealed record HistoryView(string Symbol, DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, IReadOnlyList<HistoryBucket> Buckets);
