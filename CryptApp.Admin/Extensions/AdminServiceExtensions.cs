using CryptApp.Admin.Services;
using MudBlazor.Services;

namespace CryptApp.Admin.Extensions;

public static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();

        // "https+http://api" lets service discovery pick the Api's endpoint, preferring https.
        var apiBaseUrl = builder.Configuration["Admin:ApiBaseUrl"] ?? "https+http://api";
        builder.Services.AddHttpClient<CryptAppApiClient>(client => client.BaseAddress = new Uri(apiBaseUrl));
        return builder;
    }
}
