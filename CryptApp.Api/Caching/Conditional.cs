namespace CryptApp.Api.Caching;

/// <summary>ETags for market resources: a market's data changes only when a run collects it again.</summary>
public static class Conditional
{
    /// <summary>Sets the ETag and tells whether the client already holds this version.</summary>
    public static bool IsNotModified(HttpContext context, DateTimeOffset collectedAt, string variant = "")
    {
        var etag = variant.Length == 0 ? $"\"{collectedAt.UtcTicks:x}\"" : $"\"{collectedAt.UtcTicks:x}-{Fnv1a(variant):x}\"";
        context.Response.Headers.ETag = etag;
        var ifNoneMatch = context.Request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0 && ifNoneMatch.Any(v => v is not null && (v == "*" || v.Split(',').Any(t => t.Trim() == etag)));
    }

    // Stable across processes (string.GetHashCode is not), so every replica gives the same ETag.
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }
}
