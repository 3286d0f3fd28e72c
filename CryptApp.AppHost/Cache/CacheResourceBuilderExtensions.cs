using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using HealthChecks.Redis;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CryptApp.AppHost.Cache;

public static class CacheResourceBuilderExtensions
{
    /// <summary>
    /// Adds the Redis every service shares, provided the way <c>Cache:Mode</c> says (see <see cref="CacheMode"/>).
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddCache(this IDistributedApplicationBuilder builder, string name)
    {
        var options = builder.Configuration.GetSection("Cache").Get<CacheOptions>() ?? new CacheOptions();
        var mode = Resolve(builder, options);
        Console.WriteLine($"CryptApp cache '{name}': {mode} (Cache:Mode={options.Mode})");

        return mode switch
        {
            CacheMode.Container => builder.AddRedisContainer(name),
            CacheMode.RedisServer => builder.AddRedisServer(name, options),
            _ => builder.AddEmbeddedRedis(name),
        };
    }

    private static CacheMode Resolve(IDistributedApplicationBuilder builder, CacheOptions options)
    {
        if (options.Mode != CacheMode.Auto)
        {
            return options.Mode;
        }

        // azd deploys containers only; an executable resource cannot be published.
        if (builder.ExecutionContext.IsPublishMode || ContainerRuntimeProbe.EngineAnswers())
        {
            return CacheMode.Container;
        }

        return ExecutableLocator.Find(options.RedisServerPath ?? "redis-server") is not null
            ? CacheMode.RedisServer
            : CacheMode.Embedded;
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisContainer(this IDistributedApplicationBuilder builder, string name)
    {
        var redis = builder.AddRedis(name);
        if (builder.ExecutionContext.IsRunMode)
        {
            redis.WithDataVolume().WithPersistence();
        }

        return redis;
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddRedisServer(
        this IDistributedApplicationBuilder builder, string name, CacheOptions options)
    {
        var binary = ExecutableLocator.Find(options.RedisServerPath ?? "redis-server")
                     ?? throw new InvalidOperationException(
                         "Cache:Mode is RedisServer but no redis-server was found (install it: apt-get install -y redis-server, or set Cache:RedisServerPath).");
        var dataPath = Path.GetFullPath(options.DataPath ?? Path.Combine(builder.AppHostDirectory, ".data", "redis"));
        Directory.CreateDirectory(dataPath);

        var resource = new RedisServerResource(name, binary, dataPath);
        var redis = builder.AddResource(resource)
            .WithEndpoint(name: RedisServerResource.EndpointName, isProxied: false)
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(resource.Endpoint.Property(EndpointProperty.TargetPort));
                context.Args.Add("--bind");
                context.Args.Add("127.0.0.1");
                // The leading dash makes the IPv6 loopback optional on hosts without it.
                context.Args.Add("-::1");
                context.Args.Add("--dir");
                context.Args.Add(dataPath);
                // Survives restarts of the AppHost: every write goes to the append-only file.
                context.Args.Add("--appendonly");
                context.Args.Add("yes");
                context.Args.Add("--save");
                context.Args.Add("");
            })
            .ExcludeFromManifest();

        return redis.WithPingHealthCheck(builder);
    }

    private static IResourceBuilder<IResourceWithConnectionString> AddEmbeddedRedis(this IDistributedApplicationBuilder builder, string name)
    {
        var server = builder.AddProject<Projects.CryptApp_EmbeddedRedis>($"{name}-server")
            .WithEndpoint(name: "tcp", isProxied: false)
            .ExcludeFromManifest();
        var endpoint = server.GetEndpoint("tcp");
        server.WithArgs(context =>
        {
            context.Args.Add("--port");
            context.Args.Add(endpoint.Property(EndpointProperty.TargetPort));
        });

        var connection = builder.AddConnectionString(name, ReferenceExpression.Create($"{endpoint.Property(EndpointProperty.HostAndPort)}"))
            .WithParentRelationship(server)
            .WaitFor(server);
        return connection.WithPingHealthCheck(builder);
    }

    /// <summary>Healthy once Redis answers PING, so WaitFor(cache) waits for a usable server, not a process.</summary>
    private static IResourceBuilder<T> WithPingHealthCheck<T>(this IResourceBuilder<T> redis, IDistributedApplicationBuilder builder)
        where T : IResourceWithConnectionString
    {
        string? connectionString = null;
        builder.Eventing.Subscribe<ConnectionStringAvailableEvent>(redis.Resource, async (_, cancellationToken) =>
            connectionString = await redis.Resource.ConnectionStringExpression.GetValueAsync(cancellationToken));

        var key = $"{redis.Resource.Name}-ping";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key,
            _ => new RedisHealthCheck(connectionString ?? throw new InvalidOperationException($"{redis.Resource.Name} has no connection string yet")),
            failureStatus: default,
            tags: default));
        return redis.WithHealthCheck(key);
    }
}
