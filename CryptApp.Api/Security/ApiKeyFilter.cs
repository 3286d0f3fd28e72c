using System.Security.Cryptography;
using System.Text;
using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Security;

/// <summary>What a request's <c>X-Api-Key</c> holds.</summary>
public enum SuppliedKey
{
    None,
    Accepted,
    Refused,
}

/// <summary>
/// Writes need the key of <c>Api:Key</c> in <c>X-Api-Key</c>: none → 401, a wrong one → 403, both as
/// problem details. Keys are compared in constant time; with no key configured every key is refused.
/// </summary>
public sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        Read(context.HttpContext.Request, options.Value.Key) switch
        {
            SuppliedKey.None => TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: $"Send the API key in the {Header} header."),
            SuppliedKey.Refused => Refused(),
            _ => await next(context),
        };

    /// <summary>Whether <paramref name="request"/> carries no key, the configured one, or another.</summary>
    public static SuppliedKey Read(HttpRequest request, string? expected)
    {
        var supplied = request.Headers[Header].ToString();
        return string.IsNullOrEmpty(supplied) ? SuppliedKey.None : Matches(supplied, expected) ? SuppliedKey.Accepted : SuppliedKey.Refused;
    }

    /// <summary>The 403 answer to a key that is not the configured one.</summary>
    public static ProblemHttpResult Refused() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "API key refused",
            detail: "The API key is not the one this Api accepts.");

    private static bool Matches(string supplied, string? expected) =>
        !string.IsNullOrEmpty(expected)
        && CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(supplied)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

public static class ApiKeyEndpointExtensions
{
    /// <summary>Guards a write with the API key and documents its 401 and 403 answers.</summary>
    public static RouteHandlerBuilder RequireApiKey(this RouteHandlerBuilder endpoint) =>
        endpoint
            .AddEndpointFilter<ApiKeyFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
}
