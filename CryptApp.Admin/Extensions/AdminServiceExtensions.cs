using CryptApp.Admin.Security;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace CryptApp.Admin.Extensions;

public static class AdminServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AdminOptions>()
            .BindConfiguration(AdminOptions.SectionName)
            .PostConfigure(o => o.ApiKey ??= builder.Configuration["Api:Key"])
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddMudServices();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(cookie =>
            {
                cookie.LoginPath = "/signin";
                cookie.Cookie.Name = "cryptapp-admin";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Strict;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<BrowserTime>();

        builder.Services.AddHttpClient<CryptAppApiClient>((sp, client) =>
            client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiBaseUrl));
        return builder;
    }
}
