using CryptApp.Api.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace CryptApp.Tests.Api;

/// <summary>
/// The output cache's memory level is bounded by size, and so is what it remembers of tags: a tag no entry in memory
/// carries any more is forgotten, whether its entries were evicted, trimmed for room or expired.
/// </summary>
public sealed class OutputCacheMemoryLevelTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Tags_leave_with_their_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        await using var api = InProcessApi.Create(redis.Endpoint, ("Api:Caching:MemoryLimitBytes", (1 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var client = api.CreateBoundedClient();
        var store = api.Services.GetRequiredService<TieredOutputCacheStore>();
        var value = new byte[1_000];

        // 5,000 entries of a market each (the way markets come and go over months): only what fits in 1 MB stays.
        for (var i = 0; i < 5_000; i++)
        {
            await store.SetAsync($"entry-{i}", value, [CacheTags.Markets, CacheTags.Market($"M{i}-USD")], TimeSpan.FromMinutes(5), ct);
        }

        await Eventually.That(
            () => store.TrackedTags <= 1_000, Timeouts.Process, () => $"the memory level to forget the tags of trimmed entries; it tracks {store.TrackedTags}", ct);

        await store.EvictByTagAsync(CacheTags.Markets, ct);
        await Eventually.That(
            () => store.TrackedTags == 0, Timeouts.Process, () => $"every tag to leave with the evicted entries; {store.TrackedTags} left", ct);
    }
}
