namespace CryptApp.Core.Venues;

/// <summary>The venue banned us; every call to it fails at once until <see cref="Until"/>.</summary>
public sealed class VenueBannedException(string venue, DateTimeOffset until, string reason)
    : Exception($"{venue} is banned until {until:O}: {reason}")
{
    public string Venue { get; } = venue;

    public DateTimeOffset Until { get; } = until;
}
