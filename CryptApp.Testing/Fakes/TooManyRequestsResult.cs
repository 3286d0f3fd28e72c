using Microsoft.AspNetCore.Http;

namespace CryptApp.Testing.Fakes;

/// <summary>429 with a one-second <c>Retry-After</c>, as exchanges answer when throttling.</summary>
internal sealed class TooManyRequestsResult(string symbol) : IResult, IStatusCodeHttpResult
{
    public int? StatusCode => StatusCodes.Status429TooManyRequests;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        httpContext.Response.Headers.RetryAfter = "1";
        httpContext.Response.ContentType = "application/json";
        await httpContext.Response.WriteAsync($$"""{"status":429,"error":"Too Many Requests","path":"/l3/{{symbol}}"}""");
    }
}
