using System.Diagnostics;

namespace CryptApp.Worker.Etl;

/// <summary>Records the duration of every attempt towards the exchange, by route and status.</summary>
public sealed class ExchangeMetricsHandler(WorkerTelemetry telemetry) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        int? status = null;
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            status = (int)response.StatusCode;
            return response;
        }
        finally
        {
            telemetry.UpstreamRequest(Route(request.RequestUri), status, Stopwatch.GetElapsedTime(started));
        }
    }

    // A route template, not the URL: one series per endpoint rather than one per symbol.
    private static string Route(Uri? uri) =>
        uri?.AbsolutePath.Contains("/l3/", StringComparison.Ordinal) == true ? "/l3/{symbol}"
        : uri?.AbsolutePath.EndsWith("/symbols", StringComparison.Ordinal) == true ? "/symbols"
        : "other";
}
