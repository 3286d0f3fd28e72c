namespace CryptApp.Core.Markets;

/// <summary>Why an entry of a book was left out of the metrics.</summary>
public enum RejectionReason
{
    MissingPrice,
    MissingQuantity,
    InvalidPrice,
    InvalidQuantity,
}

/// <summary>
/// A parsed L3 order book: accepted entries in upstream order, and a count of the rejected ones by reason.
/// </summary>
public sealed class OrderBook(string symbol)
{
    private readonly int[] _rejections = new int[Enum.GetValues<RejectionReason>().Length];

    /// <summary>The market's id, fixed when the book is made (<c>binance:BTC-USDT</c>, a bare pair for Blockchain.com).</summary>
    public string Symbol { get; } = symbol;

    public List<BookEntry> Bids { get; } = [];

    public List<BookEntry> Asks { get; } = [];

    public int RejectedEntries { get; private set; }

    public int AcceptedEntries => Bids.Count + Asks.Count;

    public IReadOnlyDictionary<RejectionReason, int> Rejections =>
        Enum.GetValues<RejectionReason>()
            .Where(r => _rejections[(int)r] > 0)
            .ToDictionary(r => r, r => _rejections[(int)r]);

    public void Reject(RejectionReason reason)
    {
        _rejections[(int)reason]++;
        RejectedEntries++;
    }
}
