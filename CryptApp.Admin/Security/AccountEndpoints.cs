using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace CryptApp.Admin.Security;

/// <summary>
/// Sign-in and sign-out as form posts, issuing the auth cookie: both antiforgery-checked (a forged form can neither sign
/// a user in nor out) and rate-limited per client (<see cref="AdminOptions.AccountPermitLimit"/>).
/// </summary>
public static class AccountEndpoints
{
    public const string RateLimitPolicy = "account";

    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account").RequireRateLimiting(RateLimitPolicy);
        account.MapPost("/signin", SignInAsync).AllowAnonymous();
        account.MapPost("/signout", async (HttpContext context, IAntiforgery antiforgery) =>
        {
            // The form carries no field to bind, so the token is checked here: a forged form cannot sign a user out.
            if (!await antiforgery.IsRequestValidAsync(context))
            {
                return Results.BadRequest();
            }

            await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.LocalRedirect("/signin");
        }).RequireAuthorization();
        return app;
    }

    private static async Task<IResult> SignInAsync(
        [FromForm] string? user, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, IOptions<AdminOptions> options, SignInThrottle throttle)
    {
        user ??= string.Empty;
        var back = ReturnUrl.LocalOrRoot(returnUrl);
        var client = context.Connection.RemoteIpAddress;
        if (throttle.IsLockedOut(client, user))
        {
            return Results.LocalRedirect($"/signin?error=locked&returnUrl={Uri.EscapeDataString(back)}");
        }

        if (!Matches(user, options.Value.User) || !Matches(password ?? string.Empty, options.Value.Password))
        {
            throttle.Failed(client, user);
            return Results.LocalRedirect($"/signin?error=invalid&returnUrl={Uri.EscapeDataString(back)}");
        }

        throttle.Succeeded(client, user);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, options.Value.User)], CookieAuthenticationDefaults.AuthenticationScheme);
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return Results.LocalRedirect(back);
    }

    private static bool Matches(string supplied, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(supplied)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
