using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
