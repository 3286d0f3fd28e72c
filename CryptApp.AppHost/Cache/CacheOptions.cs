namespace CryptApp.AppHost.Cache;

/// <summary>The AppHost's <c>Cache</c> configuration section.</summary>
public sealed class CacheOptions
{
    public CacheMode Mode { get; set; } = CacheMode.Auto;

    /// <summary>Where redis-server keeps its append-only file; defaults to <c>.data/redis</c> beside the AppHost.</summary>
    public string? DataPath { get; set; }

    /// <summary>An explicit redis-server binary; otherwise the one on PATH.</summary>
    public string? RedisServerPath { get; set; }

    /// <summary>Redis's <c>maxmemory</c> (container and redis-server modes), e.g. <c>512mb</c>.</summary>
    public string MaxMemory { get; set; } = "512mb";
}
