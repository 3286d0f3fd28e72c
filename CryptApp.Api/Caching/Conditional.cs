using Microsoft.Net.Http.Headers;

namespace CryptApp.Api.Caching;

/// <summary>
/// ETags for market resources: a market's data changes only when a run collects it again. Weak, since
/// one tag covers the identity and every compressed variant of the same JSON.
/// </summary>
public static class Conditional
{
    /// <summary>Sets the ETag and tells whether the client already holds this version.</summary>
    public static bool IsNotModified(HttpContext context, string version, string variant = "")
    {
        var etag = new EntityTagHeaderValue(variant.Length == 0 ? $"\"{version}\"" : $"\"{version}-{Fnv1a(variant):x}\"", isWeak: true);
        context.Response.GetTypedHeaders().ETag = etag;
        return context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false));
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
