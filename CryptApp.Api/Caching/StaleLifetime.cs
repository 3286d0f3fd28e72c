using Microsoft.AspNetCore.OutputCaching;

namespace CryptApp.Api.Caching;

/// <summary>
/// An answer that says a market is fresh must leave the output cache when that market turns stale: no
/// announcement comes then (a stopped Worker is what makes it stale), so its lifetime is cut to that moment.
/// </summary>
public static class StaleLifetime
{
    /// <summary>An answer showing a live book changes with every write: it is kept no longer than one write interval.</summary>
    public static void CacheWhileLive(this HttpContext context, DateTimeOffset now, TimeSpan writeInterval) =>
        context.CacheUntilStale([now + writeInterval], now);

    public static void CacheUntilStale(this HttpContext context, IEnumerable<DateTimeOffset?> staleAt, DateTimeOffset now)
    {
        var next = staleAt.Where(at => at > now).Min();
        if (next is not { } at || context.Features.Get<IOutputCacheFeature>() is not { } feature)
        {
            return;
        }

        var left = at - now;
        if (feature.Context.ResponseExpirationTimeSpan is not { } current || left < current)
        {
            feature.Context.ResponseExpirationTimeSpan = left;
        }
    }
}
