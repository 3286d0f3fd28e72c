using Microsoft.AspNetCore.Diagnostics;

namespace CryptApp.Api.Extensions;

/// <summary>
/// Redis down, slow or restarting is the service being unavailable for a moment, not a bug: 503 with
/// <c>Retry-After</c> as a problem, never a 500. What the cache holds is still served meanwhile.
/// </summary>
public sealed partial class RedisUnavailableHandler(IProblemDetailsService problems, ILogger<RedisUnavailableHandler> logger) : IExceptionHandler
{
    private const int RetryAfterSeconds = 2;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // A Redis command canceled while the client still waits: the connection was reset under it.
        var canceledUnderUs = exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested;
        if (!RedisFailures.IsTransient(exception) && !canceledUnderUs)
        {
            return false;
        }

        LogUnavailable(context.Request.Path, exception.Message);
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Data store unavailable",
                Detail = RedisFailures.IsFull(exception)
                    ? $"The data store is full and refuses writes; retry after {RetryAfterSeconds} s."
                    : $"The data store did not answer in time; retry after {RetryAfterSeconds} s.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "503 for {Path}: Redis unavailable: {Reason}")]
    private partial void LogUnavailable(string path, string reason);
}
