using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace CryptApp.Core.Venues;

/// <summary>
/// One venue's request budget and ban state: at most <see cref="VenueOptions.Budget"/> in any span of
/// <see cref="VenueOptions.BudgetWindow"/> (<see cref="VenueBudget"/>); paused by a 429's Retry-After, or by a
/// rate-limit error inside a 200 where the venue's definition names them (<see cref="RefusesInBand"/>); narrowed
/// by the used weight the venue reports (<see cref="VenueDefinition.UsedWeightHeader"/>, Binance's
/// <c>X-MBX-USED-WEIGHT-1M</c>); and shut by a ban (Binance 418 until its Retry-After, Bybit 403 "access too
/// frequent" for <see cref="VenueOptions.BanBackoff"/>), each for a day at most (<see cref="MaxHold"/>).
/// Each venue has its own instance, so waiting here never delays another venue; while banned, calls fail at once.
/// </summary>
public sealed partial class VenueRateGate(string venue, VenueOptions options, TimeProvider time)
{
    /// <summary>Binance bans for 2 minutes at the least; used when a 418 names no end.</summary>
    private static readonly TimeSpan DefaultBan = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The longest pause or ban a venue's answer can set, and a saved status can carry: a lying or garbled
    /// <c>Retry-After</c> must not switch a venue off for years. What the gate keeps and saves is the capped end.
    /// </summary>
    public static readonly TimeSpan MaxHold = TimeSpan.FromDays(1);

    /// <summary>A 429 without Retry-After still means "not now".</summary>
    private static readonly TimeSpan DefaultPause = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Kraken's in-band refusal names no end either, and its public limit is about one call a second: one
    /// second's pause would meet the limit again at once, so a few seconds let its counter drain.
    /// </summary>
    private static readonly TimeSpan InBandPause = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _queue = new(1, 1);
    private readonly Lock _lock = new();
    private readonly VenueBudget _budget = new(options.Budget, options.BudgetWindow);
    private readonly VenueDefinition _definition = VenueCatalog.Get(venue);
    private DateTimeOffset? _pausedUntil;
    private DateTimeOffset? _bannedUntil;
    private string? _banReason;
    private long _requests;
    private long _throttled;
    private int? _usedWeight;
    private string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public string Venue => venue;

    /// <summary>
    /// Whether the venue says "too many calls" inside a 200 (Kraken's <c>{"error":["EAPI:Rate limit exceeded"]}</c>): then
    /// its gate must see the bodies of successful answers as well, not only of error statuses.
    /// </summary>
    public bool RefusesInBand => _definition.InBandRateLimitErrors.Count > 0;

    /// <summary>
    /// Waits until <paramref name="cost"/> of the budget is free and the venue's pause is over, then
    /// takes it. Throws <see cref="VenueBannedException"/> at once while banned.
    /// </summary>
    public async Task AcquireAsync(double cost, CancellationToken cancellationToken)
    {
        ThrowIfBanned();
        await _queue.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var wait = TryTake(cost);
                if (wait <= TimeSpan.Zero)
                {
                    return;
                }

                await Task.Delay(wait, time, cancellationToken);
            }
        }
        finally
        {
            _queue.Release();
        }
    }

    /// <summary>Learns from an answer; returns the ban it started, if it started one.</summary>
    public VenueBannedException? Observe(HttpStatusCode status, HttpResponseHeaders headers, string? body)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_definition.UsedWeightHeader is { } header
                && headers.TryGetValues(header, out var values)
                && int.TryParse(values.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var used))
            {
                // The venue's count is the truth (other clients on this IP spend it too): never think we have more left.
                _usedWeight = used;
                _budget.SpentAtLeast(now, used);
            }

            switch ((int)status)
            {
                case 429:
                    Pause(now, RetryAfter(headers, now) ?? DefaultPause, "429 Too Many Requests");
                    return null;
                case >= 200 and < 300 when RefusesInBand && InBandRateLimit(body) is { } error:
                    Pause(now, InBandPause, $"{(int)status} with '{error}'");
                    return null;
                case 418:
                    return Ban(now, RetryAfter(headers, now) ?? BannedUntilInBody(body) - now ?? DefaultBan, $"418 IP banned: {Snippet(body)}");
                case 403 when body?.Contains("too frequent", StringComparison.OrdinalIgnoreCase) == true:
                    return Ban(now, options.BanBackoff, $"403 access too frequent: {Snippet(body)}");
                case >= 400:
                    Fail(now, $"{(int)status} {status}: {Snippet(body)}");
                    return null;
                default:
                    return null;
            }
        }
    }

    /// <summary>Records a failure that brought no answer (connection refused, timeout).</summary>
    public void RecordFailure(string error)
    {
        lock (_lock)
        {
            Fail(time.GetUtcNow(), error);
        }
    }

    /// <summary>
    /// Takes on a pause or ban met elsewhere (another replica, as its saved status says), when it lasts
    /// longer than what this gate knows: the venue limits the client's address, not one process.
    /// </summary>
    public void Adopt(DateTimeOffset? pausedUntil, DateTimeOffset? bannedUntil)
    {
        var now = time.GetUtcNow();
        pausedUntil = Capped(now, pausedUntil);
        bannedUntil = Capped(now, bannedUntil);
        lock (_lock)
        {
            if (pausedUntil > now && pausedUntil > (_pausedUntil ?? now))
            {
                _pausedUntil = pausedUntil;
            }

            if (bannedUntil > now && bannedUntil > (_bannedUntil ?? now))
            {
                _bannedUntil = bannedUntil;
                _banReason = "a ban met earlier, as the venue's saved status says";
            }
        }
    }

    public VenueGateState State
    {
        get
        {
            var now = time.GetUtcNow();
            lock (_lock)
            {
                return new VenueGateState(
                    venue,
                    _budget.Budget,
                    _budget.Window,
                    _budget.Available(now),
                    _requests,
                    _throttled,
                    _usedWeight,
                    _pausedUntil > now ? _pausedUntil : null,
                    _bannedUntil > now ? _bannedUntil : null,
                    _lastError,
                    _lastErrorAt);
            }
        }
    }

    private TimeSpan TryTake(double cost)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            ThrowIfBanned(now);
            if (_pausedUntil > now)
            {
                return _pausedUntil.Value - now;
            }

            var wait = _budget.TryTake(now, cost);
            if (wait == TimeSpan.Zero)
            {
                _requests++;
            }

            return wait;
        }
    }

    private void ThrowIfBanned()
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            ThrowIfBanned(now);
        }
    }

    private void ThrowIfBanned(DateTimeOffset now)
    {
        if (_bannedUntil > now)
        {
            throw new VenueBannedException(venue, _bannedUntil.Value, _banReason ?? "banned");
        }
    }

    /// <summary>Pauses for <paramref name="pause"/>, cut to <see cref="MaxHold"/>; 0 or less means "now" and pauses nothing.</summary>
    private void Pause(DateTimeOffset now, TimeSpan pause, string reason)
    {
        _throttled++;
        var until = now + Hold(pause);
        _pausedUntil = until > (_pausedUntil ?? now) ? until : _pausedUntil;
        Fail(now, $"{reason}; paused until {until:O}");
    }

    /// <summary>
    /// Bans for <paramref name="ban"/>, cut to <see cref="MaxHold"/>. A ban whose end is now or already past holds
    /// nothing back: the answer is a failure of this request only, and null is returned.
    /// </summary>
    private VenueBannedException? Ban(DateTimeOffset now, TimeSpan ban, string reason)
    {
        var until = now + Hold(ban);
        if (until <= now)
        {
            Fail(now, $"{reason}; its end is already past");
            return null;
        }

        _bannedUntil = until > (_bannedUntil ?? now) ? until : _bannedUntil;
        _banReason = reason;
        Fail(now, reason);
        return new VenueBannedException(venue, _bannedUntil!.Value, reason);
    }

    private static TimeSpan Hold(TimeSpan requested) =>
        requested <= TimeSpan.Zero ? TimeSpan.Zero : requested > MaxHold ? MaxHold : requested;

    private static DateTimeOffset? Capped(DateTimeOffset now, DateTimeOffset? until) =>
        until > now + MaxHold ? now + MaxHold : until;

    private void Fail(DateTimeOffset now, string error)
    {
        _lastError = error;
        _lastErrorAt = now;
    }

    private static TimeSpan? RetryAfter(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => null,
        };

    private string? InBandRateLimit(string? body) =>
        body is null ? null : _definition.InBandRateLimitErrors.FirstOrDefault(e => body.Contains(e, StringComparison.Ordinal));

    /// <summary>Binance's 418 body says "IP banned until 1659146400000" (Unix milliseconds); a time past the calendar's end is the calendar's end.</summary>
    private static DateTimeOffset? BannedUntilInBody(string? body) =>
        body is not null && BannedUntilPattern().Match(body) is { Success: true } match
            ? DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(
                long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds()))
            : null;

    private static string Snippet(string? body) => VenueResponses.Snippet(body ?? "");

    [GeneratedRegex(@"banned until (\d{10,15})", RegexOptions.IgnoreCase)]
    private static partial Regex BannedUntilPattern();
}
