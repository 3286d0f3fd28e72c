using System.Net;
using CryptApp.Admin.Services;
using Microsoft.Extensions.Options;

namespace CryptApp.Admin.Security;

/// <summary>
/// After too many failed sign-ins a (client address, user name) pair is locked out for a while. Another
/// address is never locked by them: a stranger cannot keep the real admin out. Failures are forgotten a
/// lockout after the last one, and at most <see cref="AdminOptions.MaxTrackedClients"/> pairs are kept
/// (the pair whose last failure is oldest goes first), so memory stays bounded whatever is sent.
/// </summary>
/// <remarks>
/// Every user name but the configured one shares one bucket per address: spraying names from one address
/// locks that address for them all, and a name as long as a form allows is never held in memory. An IPv6
/// client counts by its /64, the block one subscriber gets, so a single host cannot rotate addresses.
/// </remarks>
public sealed class SignInThrottle(IOptions<AdminOptions> options, TimeProvider time)
{
    private const string OtherUsers = "";

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Client, string User), LinkedListNode<Failures>> _pairs = [];
    // Oldest last failure first: expired pairs, and the ones to forget when full, are at the front.
    private readonly LinkedList<Failures> _byLastFailure = new();

    /// <summary>How many pairs are remembered now.</summary>
    public int Tracked
    {
        get
        {
            lock (_gate)
            {
                return _pairs.Count;
            }
        }
    }

    public bool IsLockedOut(IPAddress? client, string user)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _pairs.TryGetValue(Key(client, user), out var node) && node.Value.LockedUntil > now;
        }
    }

    public void Failed(IPAddress? client, string user)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var key = Key(client, user);
        lock (_gate)
        {
            ForgetExpired(now, settings.Lockout);
            if (_pairs.TryGetValue(key, out var node))
            {
                _byLastFailure.Remove(node);
            }
            else
            {
                if (_pairs.Count >= settings.MaxTrackedClients)
                {
                    Forget(_byLastFailure.First!);
                }

                node = new LinkedListNode<Failures>(new Failures(key));
                _pairs.Add(key, node);
            }

            var failures = node.Value;
            failures.Count++;
            failures.Last = now;
            if (failures.Count >= settings.MaxFailedSignIns)
            {
                failures.Count = 0;
                failures.LockedUntil = now + settings.Lockout;
            }

            _byLastFailure.AddLast(node);
        }
    }

    public void Succeeded(IPAddress? client, string user)
    {
        lock (_gate)
        {
            if (_pairs.TryGetValue(Key(client, user), out var node))
            {
                Forget(node);
            }
        }
    }

    private void ForgetExpired(DateTimeOffset now, TimeSpan lockout)
    {
        // A lockout ends a lockout after the failure that set it, so nothing at the front outlives that.
        while (_byLastFailure.First is { } oldest && oldest.Value.Last + lockout <= now)
        {
            Forget(oldest);
        }
    }

    private void Forget(LinkedListNode<Failures> node)
    {
        _byLastFailure.Remove(node);
        _pairs.Remove(node.Value.Key);
    }

    private (string Client, string User) Key(IPAddress? client, string user) =>
        (ClientPartition.Of(client), string.Equals(user, options.Value.User, StringComparison.Ordinal) ? options.Value.User : OtherUsers);

    private sealed class Failures((string Client, string User) key)
    {
        public (string Client, string User) Key { get; } = key;

        public int Count { get; set; }

        public DateTimeOffset Last { get; set; }

        public DateTimeOffset LockedUntil { get; set; }
    }
}
