using System.Diagnostics;
using CryptApp.Core.Venues;

namespace CryptApp.Worker.Etl;

/// <summary>
/// Records <c>cryptapp.exchange.request.duration</c> for every attempt towards a venue, until its headers, tagged
/// by venue, route template (<see cref="VenueRequest.Route"/>) and status. It sits inside the gate, so time
/// queued for budget is not counted.
/// </summary>
public sealed class VenueMetricsHandler(WorkerTelemetry telemetry, string venue) : DelegatingHandler
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
            telemetry.VenueRequest(venue, VenueRequest.RouteOf(request), status, Stopwatch.GetElapsedTime(started));
        }
    }
}
