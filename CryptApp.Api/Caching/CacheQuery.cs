namespace CryptApp.Api.Caching;

/// <summary>
/// Endpoint metadata: the query parameters that vary an endpoint's cached answer, and the canonical form
/// of a query (equal for every request that gets the same answer; null when the query is invalid).
/// </summary>
public sealed class CacheQuery(string[] names, Func<Func<string, string?>, string?> canonical)
{
    public IReadOnlySet<string> Names { get; } = names.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical key, or null: the query is invalid, repeats a parameter, or has one the endpoint does not know.</summary>
    public string? KeyOf(IQueryCollection query)
    {
        if (query.Any(p => !Names.Contains(p.Key) || p.Value.Count > 1))
        {
            return null;
        }

        return canonical(name => query.TryGetValue(name, out var value) ? value.ToString() : null);
    }
}

public static class CacheQueryExtensions
{
    /// <summary>Declares the query parameters that vary this endpoint's cached answer.</summary>
    public static RouteHandlerBuilder VaryByQuery(this RouteHandlerBuilder endpoint, string[] names, Func<Func<string, string?>, string?> canonical) =>
        endpoint.WithMetadata(new CacheQuery(names, canonical));
}
