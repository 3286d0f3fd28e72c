using System.Net;
using CryptApp.Api.Extensions;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Streams;

/// <summary>
/// The caps on open streams: per client (its IPv4 address or IPv6 /64, as the rate limiter partitions) and per process.
/// A client that holds the Api key (the Admin, one address for all its users) is held to the process cap alone.
/// A stream admitted holds a ticket until it ends.
/// </summary>
public sealed class StreamAdmission(IOptions<ApiOptions> options)
{
    private readonly Dictionary<string, int> _perClient = new(StringComparer.Ordinal);
    private int _total;

    /// <summary>A ticket, or null and which cap refused (<c>client</c> or <c>total</c>).</summary>
    /// <param name="keyed">The request carries the Api key: no per-client cap.</param>
    public Ticket? TryAdmit(IPAddress? address, bool keyed, out string? refusedBy)
    {
        var limits = options.Value.Streams;
        var client = keyed ? null : ClientPartition.Of(address);
        lock (_perClient)
        {
            var held = client is null ? 0 : _perClient.GetValueOrDefault(client);
            refusedBy = _total >= limits.MaxTotal ? "total" : client is not null && held >= limits.MaxPerClient ? "client" : null;
            if (refusedBy is not null)
            {
                return null;
            }

            if (client is not null)
            {
                _perClient[client] = held + 1;
            }

            _total++;
        }

        return new Ticket(this, client);
    }

    private void Return(string? client)
    {
        lock (_perClient)
        {
            _total--;
            if (client is not null && --_perClient[client] == 0)
            {
                _perClient.Remove(client);
            }
        }
    }

    /// <summary>An admitted stream's place; disposing it (once) gives the place back.</summary>
    public sealed class Ticket(StreamAdmission admission, string? client) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                admission.Return(client);
            }
        }
    }
}
