using CryptApp.Admin.Security;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using MudBlazor.Services;
using StackExchange.Redis;

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
        builder.Services.AddTrustedForwardedHeaders<AdminOptions>(o => o.ForwardedHeaders);

        builder.AddKeyRing();
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
                // Secure whenever the browser came over HTTPS, also through a TLS-terminating ingress (X-Forwarded-Proto).
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<BrowserTime>();

        builder.Services.AddHttpClient<CryptAppApiClient>((sp, client) =>
            client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiBaseUrl));
        return builder;
    }

    /// <summary>
    /// The Data Protection keys (sign-in cookie, antiforgery tokens, protected browser storage) in Redis:
    /// a restart or another replica can still read what the previous one protected. Encrypted there with
    /// <c>Admin:KeyRingSecret</c> when it is set (<see cref="KeyRingCipher"/>).
    /// </summary>
    private static void AddKeyRing(this IHostApplicationBuilder builder)
    {
        builder.AddCryptAppRedis();
        builder.Services.AddDataProtection().SetApplicationName(DataProtectionKeys.ApplicationName);
        // The connection comes from DI (Aspire's client), so the repository resolves it when the key ring is first read.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, services) =>
        {
            keys.XmlRepository = new RedisXmlRepository(
                () => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), DataProtectionKeys.RedisKey);
            if (services.GetRequiredService<IOptions<AdminOptions>>().Value.KeyRingSecret is { Length: > 0 } secret)
            {
                keys.XmlEncryptor = new KeyRingEncryptor(secret);
            }
        });
    }
}
