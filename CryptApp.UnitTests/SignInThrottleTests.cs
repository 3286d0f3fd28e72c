using System.Net;
using CryptApp.Admin.Security;
using CryptApp.Admin.Services;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CryptApp.UnitTests;

/// <summary>The sign-in lockout: per (client address, user), forgetful, bounded, on a fake clock.</summary>
public sealed class SignInThrottleTests
{
    private static readonly IPAddress A = IPAddress.Parse("203.0.113.7");
    private static readonly IPAddress B = IPAddress.Parse("198.51.100.9");
    private static readonly TimeSpan Lockout = TimeSpan.FromMinutes(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private SignInThrottle Throttle(int maxTracked = 1_000) => new(
        Options.Create(new AdminOptions { User = "admin", MaxFailedSignIns = 5, Lockout = Lockout, MaxTrackedClients = maxTracked }), _time);

    [Fact]
    public void Five_failures_from_one_address_lock_that_address_out_and_no_other()
    {
        var throttle = Throttle();

        for (var i = 0; i < 4; i++)
        {
            throttle.Failed(A, "admin");
            Assert.False(throttle.IsLockedOut(A, "admin"), $"locked after {i + 1} failures");
        }

        throttle.Failed(A, "admin");

        Assert.True(throttle.IsLockedOut(A, "admin"));
        Assert.False(throttle.IsLockedOut(B, "admin"));
        Assert.False(throttle.IsLockedOut(null, "admin"));
    }

    [Fact]
    public void A_lockout_ends_after_its_time_and_counting_starts_again()
    {
        var throttle = Throttle();
        FailTimes(throttle, A, "admin", 5);

        _time.Advance(Lockout - TimeSpan.FromSeconds(1));
        Assert.True(throttle.IsLockedOut(A, "admin"));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(throttle.IsLockedOut(A, "admin"));

        throttle.Failed(A, "admin");
        Assert.False(throttle.IsLockedOut(A, "admin"));
    }

    [Fact]
    public void Failures_a_lockout_apart_do_not_add_up()
    {
        var throttle = Throttle();
        FailTimes(throttle, A, "admin", 4);

        _time.Advance(Lockout);
        throttle.Failed(A, "admin");

        Assert.False(throttle.IsLockedOut(A, "admin"));
    }

    [Fact]
    public void A_success_clears_the_failures_of_its_pair()
    {
        var throttle = Throttle();
        FailTimes(throttle, A, "admin", 4);

        throttle.Succeeded(A, "admin");
        throttle.Failed(A, "admin");

        Assert.False(throttle.IsLockedOut(A, "admin"));
    }

    [Fact]
    public void Spraying_user_names_from_one_address_locks_it_for_every_unknown_name_but_not_the_real_user()
    {
        var throttle = Throttle();

        for (var i = 0; i < 5; i++)
        {
            throttle.Failed(A, $"guess-{i}");
        }

        Assert.True(throttle.IsLockedOut(A, "someone-else"));
        Assert.False(throttle.IsLockedOut(A, "admin"));
        Assert.False(throttle.IsLockedOut(B, "someone-else"));
        Assert.Equal(1, throttle.Tracked);
    }

    [Fact]
    public void IPv6_addresses_of_one_slash_64_count_as_one_client()
    {
        var throttle = Throttle();

        for (var i = 1; i <= 5; i++)
        {
            throttle.Failed(IPAddress.Parse($"2001:db8:1:2::{i:x}"), "admin");
        }

        Assert.True(throttle.IsLockedOut(IPAddress.Parse("2001:db8:1:2:ffff::1"), "admin"));
        Assert.False(throttle.IsLockedOut(IPAddress.Parse("2001:db8:1:3::1"), "admin"));
        Assert.True(throttle.IsLockedOut(IPAddress.Parse("2001:db8:1:2::1"), "admin"));
    }

    [Fact]
    public void An_IPv4_client_seen_as_a_mapped_IPv6_address_is_the_same_client()
    {
        var throttle = Throttle();

        FailTimes(throttle, A.MapToIPv6(), "admin", 5);

        Assert.True(throttle.IsLockedOut(A, "admin"));
    }

    [Fact]
    public void Memory_stays_bounded_under_a_flood_of_distinct_addresses()
    {
        const int cap = 1_000;
        var throttle = Throttle(maxTracked: cap);
        var victim = IPAddress.Parse("192.0.2.1");

        for (var i = 0; i < 100_000; i++)
        {
            throttle.Failed(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)), "admin");
            Assert.True(throttle.Tracked <= cap);
        }

        Assert.Equal(cap, throttle.Tracked);
        // The flood never locked anyone else out, and counting still works for a newcomer.
        Assert.False(throttle.IsLockedOut(victim, "admin"));
        FailTimes(throttle, victim, "admin", 5);
        Assert.True(throttle.IsLockedOut(victim, "admin"));
        Assert.Equal(cap, throttle.Tracked);
    }

    [Fact]
    public void Pairs_are_forgotten_once_their_failures_are_a_lockout_old()
    {
        var throttle = Throttle();
        for (var i = 0; i < 500; i++)
        {
            throttle.Failed(new IPAddress(BitConverter.GetBytes(0x0A000000 + i)), "admin");
        }

        _time.Advance(Lockout);
        throttle.Failed(A, "admin");

        Assert.Equal(1, throttle.Tracked);
    }

    private static void FailTimes(SignInThrottle throttle, IPAddress client, string user, int times)
    {
        for (var i = 0; i < times; i++)
        {
            throttle.Failed(client, user);
        }
    }
}
