using System.Globalization;
using System.Text.RegularExpressions;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Api.Validation;

/// <summary>
/// Parses and checks route and query values by hand, so every malformed value becomes a 400 problem
/// naming its field instead of a framework binding error.
/// </summary>
public static partial class QueryRules
{
    public const int MaxPageSize = 500;
    public const int DefaultPageSize = 50;

    // \z, not $: $ also matches before a trailing newline.
    [GeneratedRegex(@"^[A-Za-z0-9]{1,16}(-[A-Za-z0-9]{1,16}){1,2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex SymbolPattern();

    public static bool IsSymbol(string? symbol) => symbol is { Length: <= 50 } && SymbolPattern().IsMatch(symbol);

    /// <summary>
    /// The key a market is stored under, from a route's id: a bare symbol as today (<c>BTC-USD</c>), or
    /// <c>{venue}:{BASE-QUOTE}</c> in its compact form (<c>binance:BTC-USDT</c>; <c>blockchain:BTC-USD</c> is
    /// <c>BTC-USD</c>); null, with the error named <c>symbol</c>, for anything else.
    /// </summary>
    public static string? MarketKey(string? id, Errors errors)
    {
        if (IsSymbol(id))
        {
            return id;
        }

        if (id is { Length: <= 100 } && id.Contains(':') && MarketId.TryParse(id, out var market, out _))
        {
            return market.ToCompactString();
        }

        errors.Add("symbol", "must be a market id: BASE-QUOTE for Blockchain.com (e.g. BTC-USD) or venue:BASE-QUOTE (e.g. binance:BTC-USDT)");
        return null;
    }

    /// <summary>A venue id from the catalogue, any case, as its canonical id; null when absent.</summary>
    public static string? Venue(string? value, Errors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (VenueCatalog.Find(value) is { } venue)
        {
            return venue.Id;
        }

        errors.Add("exchange", $"must be one of {string.Join(", ", VenueCatalog.All.Select(v => v.Id))}");
        return null;
    }

    /// <summary>A currency code (letters and digits), upper-cased; null when absent.</summary>
    public static string? Asset(string? value, string field, Errors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (CanonicalPair.IsAsset(value))
        {
            return value.ToUpperInvariant();
        }

        errors.Add(field, "must be a currency code: at most 32 letters or digits, e.g. BTC");
        return null;
    }

    /// <summary>A pair in canonical form (<c>BTC-USDT</c>), or null with the error named <c>pair</c>.</summary>
    public static string? Pair(string? value, Errors errors)
    {
        if (value is { Length: <= 100 } && CanonicalPair.Normalize(value, out _) is { } pair && pair.Length == value.Length)
        {
            return pair;
        }

        errors.Add("pair", "must be BASE-QUOTE: two currency codes of letters and digits joined by '-', e.g. BTC-USDT");
        return null;
    }

    /// <summary>The canonical form of a slippage query (<c>side</c>, <c>notional</c>), or null when it is invalid.</summary>
    public static string? SlippageKey(Func<string, string?> query)
    {
        var errors = new Errors();
        var side = Side(query("side"), errors);
        var notional = Notional(query("notional"), errors);
        return errors.Any ? null : FormattableString.Invariant($"{side}|{notional:R}");
    }

    public static int Page(string? value, Errors errors) =>
        Integer(value, "page", 1, 1, 1_000_000, errors);

    public static int PageSize(string? value, Errors errors) =>
        Integer(value, "pageSize", DefaultPageSize, 1, MaxPageSize, errors);

    public static int Integer(string? value, string field, int fallback, int min, int max, Errors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return fallback;
        }

        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < min || parsed > max)
        {
            errors.Add(field, $"must be a whole number from {min} to {max}");
            return fallback;
        }

        return parsed;
    }

    public static TradeSide? Side(string? value, Errors errors)
    {
        switch (value?.ToLowerInvariant())
        {
            case "buy":
                return TradeSide.Buy;
            case "sell":
                return TradeSide.Sell;
            default:
                errors.Add("side", "must be 'buy' or 'sell'");
                return null;
        }
    }

    /// <summary>Smallest and largest quote notionals: below a hundred-millionth the walk's arithmetic underflows.</summary>
    public const double MinNotional = 1e-8;
    public const double MaxNotional = 1e15;

    public static double Notional(string? value, Errors errors)
    {
        if (value is not { Length: <= 64 }
            || !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var notional)
            || !double.IsFinite(notional) || notional < MinNotional || notional > MaxNotional)
        {
            errors.Add("notional", $"must be a number from {MinNotional:R} to {MaxNotional:R} (quote currency)");
            return 0;
        }

        return notional;
    }

    /// <summary>Times the Api accepts: none before crypto markets existed, none past what a range could mean.</summary>
    public static readonly DateTimeOffset EarliestTime = new(2009, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset LatestTime = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset? Time(string? value, string field, Errors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value.Length <= 64
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            && time >= EarliestTime && time <= LatestTime)
        {
            return time;
        }

        errors.Add(field, $"must be an ISO-8601 time from {EarliestTime:yyyy-MM-dd} to {LatestTime:yyyy-MM-dd}, e.g. 2026-11-25T08:00:00Z");
        return null;
    }

    /// <summary>An interval as <c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c> or <c>hh:mm:ss</c>, from one second to 7 days.</summary>
    public static TimeSpan? Interval(string? value, Errors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        TimeSpan? interval = null;
        if (value.Length is >= 2 and <= 8 && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            interval = char.ToLowerInvariant(value[^1]) switch
            {
                's' => TimeSpan.FromSeconds(n),
                'm' => TimeSpan.FromMinutes(n),
                'h' => TimeSpan.FromHours(n),
                'd' => TimeSpan.FromDays(n),
                _ => null,
            };
        }
        else if (TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed))
        {
            interval = parsed;
        }

        if (interval is not { } result || result < TimeSpan.FromSeconds(1) || result > TimeSpan.FromDays(7))
        {
            errors.Add("interval", "must be a duration such as 30s, 5m, 1h, 1d or hh:mm:ss, from 1 second to 7 days");
            return null;
        }

        return result;
    }
}

/// <summary>Validation errors by field, in the shape of <c>ValidationProblem</c>.</summary>
public sealed class Errors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
}
