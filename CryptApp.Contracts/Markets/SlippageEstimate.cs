namespace CryptApp.Contracts.Markets;

public enum TradeSide
{
    Buy,
    Sell,
}

/// <summary>
/// The cost of trading a quote notional at once: VWAP over the levels it would take, and
/// (VWAP − mid) / mid in bps (positive for a buy above mid, negative for a sell below it).
/// When the kept levels cannot fill it, the figures are null and <see cref="Reason"/> says why.
/// </summary>
public sealed record SlippageEstimate(
    TradeSide Side,
    double Notional,
    double? Mid,
    double? Vwap,
    double? SlippageBps,
    double FilledNotional,
    double FilledQty,
    int LevelsUsed,
    string? Reason);
