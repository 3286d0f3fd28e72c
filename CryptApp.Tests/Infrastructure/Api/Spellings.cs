using System.Globalization;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>
/// The ways a client may spell the same request: case, a venue written out or padded with blanks, numbers with leading
/// zeros or in exponent form, times in other offsets, intervals in other units, parameters in any order with stray
/// '&amp;'. Every spelling means the same answer.
/// </summary>
public static class Spellings
{
    /// <summary>A market id: <paramref name="venue"/> null for Blockchain.com's bare pair.</summary>
    public static string Id(Random r, string? venue, string pair) => (venue, r.Next(4)) switch
    {
        (null, 0) => Case(r, pair),
        (null, 1) => $"blockchain:{Case(r, pair)}",
        (null, 2) => $"%20blockchain%20:{pair}",
        (null, _) => pair,
        (_, 0) => $"{Case(r, venue)}:{Case(r, pair)}",
        (_, 1) => $"%20{venue}%20:{pair}",
        (_, 2) => $"{venue}:{Case(r, pair)}",
        _ => $"{venue}:{pair}",
    };

    public static string Case(Random r, string text) => r.Next(3) switch
    {
        0 => text.ToLowerInvariant(),
        1 => text.ToUpperInvariant(),
        _ => string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c))),
    };

    public static string Number(Random r, double value) => r.Next(6) switch
    {
        0 => "000" + value.ToString(CultureInfo.InvariantCulture),
        1 => (value / 1000).ToString(CultureInfo.InvariantCulture) + "e3",
        2 => (value / 10).ToString(CultureInfo.InvariantCulture) + "E1",
        3 => value.ToString("F4", CultureInfo.InvariantCulture),
        4 => "%2B" + value.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Integer(Random r, int value) => r.Next(3) switch
    {
        0 => "00" + value.ToString(CultureInfo.InvariantCulture),
        1 => "0" + value.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };

    public static string Time(Random r, DateTimeOffset utc) => Uri.EscapeDataString(r.Next(3) switch
    {
        0 => utc.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
        1 => utc.ToOffset(TimeSpan.FromHours(2)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture),
        _ => utc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    });

    public static string Hour(Random r) => r.Next(4) switch
    {
        0 => "1h",
        1 => "60m",
        2 => "3600s",
        _ => "01:00:00",
    };

    /// <summary>The parameters in a random order, with stray '&amp;' before, between and after them.</summary>
    public static string Query(Random r, string path, params (string Name, string Value)[] parameters)
    {
        var parts = parameters.OrderBy(_ => r.Next()).Select(p => $"{p.Name}={p.Value}");
        return $"{path}?{(r.Next(2) == 0 ? "&" : "")}{string.Join(r.Next(2) == 0 ? "&&" : "&", parts)}{(r.Next(2) == 0 ? "&" : "")}";
    }

    /// <summary>Another <c>Host</c> header half of the time.</summary>
    public static HttpRequestMessage Request(Random r, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (r.Next(2) == 0)
        {
            request.Headers.Host = $"h{r.Next(1_000)}.example:{r.Next(1, 65_536)}";
        }

        return request;
    }
}
