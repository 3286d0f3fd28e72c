using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CryptApp.Api.Caching;

/// <summary>Hit and miss counts per cache layer (<c>output</c>, <c>hybrid</c>) on the Api's meter.</summary>
public sealed class CacheMetrics
{
    public const string MeterName = "CryptApp.Api";
    public const string LookupsName = "cryptapp.cache.lookups";

    private readonly Counter<long> _lookups;

    public CacheMetrics(IMeterFactory meters)
    {
        _lookups = meters.Create(MeterName).CreateCounter<long>(LookupsName, "{lookup}", "Cache lookups by layer, view and result");
    }

    /// <summary>False while nothing listens: callers then skip the bookkeeping.</summary>
    public bool Enabled => _lookups.Enabled;

    public void Hit(string layer, string view) => _lookups.Add(1, new TagList { { "layer", layer }, { "view", view }, { "result", "hit" } });

    public void Miss(string layer, string view) => _lookups.Add(1, new TagList { { "layer", layer }, { "view", view }, { "result", "miss" } });
}
