namespace CryptApp.AppHost.Cache;

/// <summary>How the AppHost provides Redis (<c>Cache:Mode</c>).</summary>
public enum CacheMode
{
    /// <summary>Container when publishing or when a container runtime answers; else redis-server; else embedded.</summary>
    Auto,

    /// <summary>The official Redis container through <c>AddRedis</c>.</summary>
    Container,

    /// <summary>Debian's (or any) <c>redis-server</c> binary, run as an executable resource.</summary>
    RedisServer,

    /// <summary>Microsoft Garnet inside a small .NET project: needs only the .NET SDK.</summary>
    Embedded,

    /// <summary>
    /// A Redis the AppHost does not run, from <c>ConnectionStrings:&lt;name&gt;</c>: a managed Redis, or a
    /// Redis Cluster (its nodes comma-separated).
    /// </summary>
    External,
}
