using Microsoft.AspNetCore.OutputCaching;

namespace CryptApp.Api.Caching;

/// <summary>Tags a cached answer with its market, so one market's entries can be evicted alone.</summary>
public sealed class SymbolTagPolicy : IOutputCachePolicy
{
    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        if (context.HttpContext.Request.RouteValues.TryGetValue("symbol", out var symbol) && symbol is string { Length: <= 64 } value)
        {
            context.Tags.Add(CacheTags.Market(value));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}
