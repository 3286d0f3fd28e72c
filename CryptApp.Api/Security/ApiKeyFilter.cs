using System.Security.Cryptography;
using System.Text;
using CryptApp.Api.Extensions;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Security;

/// <summary>
/// Writes need the key of <c>Api:Key</c> in <c>X-Api-Key</c>: none → 401, a wrong one → 403, both as
/// problem details. Keys are compared in constant time; with no key configured every write is refused.
/// </summary>
public sealed class ApiKeyFilter(IOptions<ApiOptions> options) : IEndpointFilter
{
    public const string Header = "X-Api-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var supplied = context.HttpContext.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(supplied))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "API key required",
                detail: $"Send the API key in the {Header} header.");
        }

        if (!Matches(supplied, options.Value.Key))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "API key refused",
                detail: "The API key is not the one this Api accepts.");
        }

        return await next(context);
    }

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
