using System.Threading.RateLimiting;
using CryptApp.Admin.Security;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
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
                cookie.Cookie.SecurePolicy = CookiePolicy(builder.Environment);
                cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
                cookie.SlidingExpiration = true;
            });
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookiePolicy(builder.Environment));
        builder.Services.AddRateLimiter(_ => { });
        builder.Services.AddOptions<RateLimiterOptions>().Configure<IOptions<AdminOptions>>((limiter, admin) =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(AccountEndpoints.RateLimitPolicy, context => RateLimitPartition.GetFixedWindowLimiter(
                ClientPartition.Of(context.Connection.RemoteIpAddress),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = admin.Value.AccountPermitLimit, Window = admin.Value.AccountWindow, QueueLimit = 0 }));
        });
        builder.Services.AddAuthorization();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignInThrottle>();
        builder.Services.AddScoped<BrowserTime>();

        builder.Services.AddHttpClient<CryptAppApiClient>((sp, client) =>
            client.BaseAddress = new Uri(sp.GetRequiredService<IOptions<AdminOptions>>().Value.ApiBaseUrl));
#pragma warning disable EXTEXP0001 // Experimental: the one way to drop the defaults' resilience from one client.
        // The pages' live figures: one Api stream per market, pair or watch list per process, shared by every user.
        // With the Api key, the process's streams are held to the Api's process cap, not to the cap of one client address.
        builder.Services.AddHttpClient(LiveFeeds.ClientName, (sp, client) =>
            {
                var admin = sp.GetRequiredService<IOptions<AdminOptions>>().Value;
                client.BaseAddress = new Uri(admin.ApiBaseUrl);
                if (!string.IsNullOrEmpty(admin.ApiKey))
                {
                    client.DefaultRequestHeaders.Add(CryptAppApiClient.ApiKeyHeader, admin.ApiKey);
                }
            })
            .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        builder.Services.AddSingleton<LiveFeeds>();
        return builder;
    }

    /// <summary>
    /// Cookies are <c>Secure</c> always outside Development: there the Admin is reached over HTTPS only (an ingress that
    /// terminates TLS says so in <c>X-Forwarded-Proto</c>). In Development they follow the request, so plain HTTP works.
    /// </summary>
    private static CookieSecurePolicy CookiePolicy(IHostEnvironment environment) =>
        environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;

    /// <summary>
    /// The Data Protection keys (sign-in cookie, antiforgery tokens, protected browser storage) in Redis:
    /// a restart or another replica can still read what the previous one protected. With <c>Admin:KeyRingSecret</c> set,
    /// each key is stored encrypted (<see cref="KeyRingCipher"/>) and signed (<see cref="SignedKeyRing"/>).
    /// </summary>
    private static void AddKeyRing(this IHostApplicationBuilder builder)
    {
        builder.AddCryptAppRedis();
        builder.Services.AddDataProtection().SetApplicationName(DataProtectionKeys.ApplicationName);
        // The connection comes from DI (Aspire's client), so the repository resolves it when the key ring is first read.
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((keys, services) =>
        {
            var redis = new RedisXmlRepository(() => services.GetRequiredService<IConnectionMultiplexer>().GetDatabase(), DataProtectionKeys.RedisKey);
            keys.XmlRepository = redis;
            if (services.GetRequiredService<IOptions<AdminOptions>>().Value.KeyRingSecret is { Length: > 0 } secret)
            {
                keys.XmlEncryptor = new KeyRingEncryptor(secret);
                keys.XmlRepository = new SignedKeyRing(redis, secret, services.GetRequiredService<ILogger<SignedKeyRing>>());
            }
        });
    }
}
