using System.Collections.Concurrent;
using CryptApp.Admin.Services;
using Microsoft.Extensions.Options;

namespace CryptApp.Admin.Security;

/// <summary>After too many failed sign-ins a user name is locked out for a while.</summary>
public sealed class SignInThrottle(IOptions<AdminOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset? LockedUntil)> _users = new(StringComparer.OrdinalIgnoreCase);

    public bool IsLockedOut(string user) =>
        _users.TryGetValue(user, out var state) && state.LockedUntil is { } until && until > time.GetUtcNow();

    public void Failed(string user) => _users.AddOrUpdate(
        user,
        _ => (1, null),
        (_, state) =>
        {
            var failures = state.Failures + 1;
            return failures >= options.Value.MaxFailedSignIns
                ? (0, time.GetUtcNow() + options.Value.Lockout)
                : (failures, state.LockedUntil);
        });

    public void Succeeded(string user) => _users.TryRemove(user, out _);
}
