namespace CryptApp.Core.Venues;

/// <summary>The exchange answered, but not with data we can use (wrong shape, too large, not JSON).</summary>
public sealed class VenueDataException(string message, Exception? inner = null) : Exception(message, inner);
