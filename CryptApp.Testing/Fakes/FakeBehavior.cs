namespace CryptApp.Testing.Fakes;

/// <summary>How a fake market answers <c>/l3/{symbol}</c>.</summary>
public enum FakeBehavior
{
    Book,
    ServerError,
    HtmlPage,
    /// <summary>The book, after a delay.</summary>
    Latency,
    /// <summary>429 with <c>Retry-After: 1</c> on every request.</summary>
    TooManyRequests,
    /// <summary>429 with <c>Retry-After: 1</c> on every other request; the retry gets the book.</summary>
    TooManyRequestsOnce,
    /// <summary>Never answers; the client has to give up.</summary>
    Timeout,
    /// <summary>Half a JSON body, as when a connection drops.</summary>
    TruncatedJson,
}
