namespace CryptApp.Contracts;

/// <summary>One page of a list resource.</summary>
public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
