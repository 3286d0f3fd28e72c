using System.Net;

namespace CryptApp.Core.Venues;

/// <summary>The exchange answered with an HTTP error status.</summary>
public sealed class VenueHttpException(HttpStatusCode status, string path, string detail)
    : Exception($"{path} answered {(int)status} {status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
}
