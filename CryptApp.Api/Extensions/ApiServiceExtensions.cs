using CryptApp.Core.Storage;

namespace CryptApp.Api.Extensions;

public static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.Services.AddSingleton<MarketStore>();
        return builder;
    }
}
