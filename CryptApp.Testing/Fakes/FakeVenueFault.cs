namespace CryptApp.Testing.Fakes;

/// <summary>How a venue of <see cref="FakeVenues"/> answers every route while the fault is set.</summary>
public enum FakeVenueFault
{
    None,
    /// <summary>500 with a JSON body.</summary>
    Down,
    /// <summary>The answer, after <see cref="FakeVenues.Latency"/>.</summary>
    Slow,
    /// <summary>429 with <c>Retry-After</c> of <see cref="FakeVenues.RetryAfterSeconds"/>, on every request.</summary>
    TooManyRequests,
    /// <summary>One 429 with <c>Retry-After</c>, then the answer again.</summary>
    TooManyRequestsOnce,
    /// <summary>Binance's ban: 418, <c>Retry-After</c> of <see cref="FakeVenues.BanSeconds"/>, "IP banned until" in the body.</summary>
    Banned,
    /// <summary>Bybit's ban: 403 "access too frequent".</summary>
    AccessTooFrequent,
    /// <summary>The venue's own error envelope (OKX code, Bybit retCode, Kraken error array; Binance/Coinbase 4xx JSON).</summary>
    ErrorEnvelope,
    /// <summary>Kraken's rate-limit refusal: 200 with <c>{"error":["EAPI:Rate limit exceeded"]}</c>.</summary>
    RateLimitInBand,
    /// <summary>200 with an HTML outage page.</summary>
    HtmlPage,
}
