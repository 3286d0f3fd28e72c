using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

public static class StorageServiceExtensions
{
    /// <summary>
    /// The Redis connection every service shares (<see cref="Extensions.AddCryptAppRedis"/>), and the stores and queue on it: what the Api and the
    /// Worker share. <paramref name="traceCommands"/> null keeps Aspire's own setting; <paramref name="configure"/>
    /// tunes the connection after the shared settings.
    /// </summary>
    public static IHostApplicationBuilder AddCryptAppStorage(
        this IHostApplicationBuilder builder, bool? traceCommands = null, Action<ConfigurationOptions>? configure = null)
    {
        builder.AddCryptAppRedis(traceCommands, configure);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MarketStore>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        builder.Services.AddSingleton<VenueStatusStore>();
        builder.Services.AddSingleton<StreamLeases>();
        return builder;
    }
}
