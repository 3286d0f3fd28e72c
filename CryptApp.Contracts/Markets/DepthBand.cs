namespace CryptApp.Contracts.Markets;

/// <summary>Base quantity and quote notional of each side within <see cref="Percent"/> % of mid.</summary>
public sealed record DepthBand(double Percent, double BidQty, double AskQty, double BidNotional, double AskNotional);
