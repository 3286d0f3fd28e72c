namespace CryptApp.Core.Markets;

/// <summary>One order of an L3 book as the exchange sent it; <see cref="Num"/> is its int64 order id.</summary>
public readonly record struct BookEntry(double Px, double Qty, long Num)
{
    public double Value => Px * Qty;

    /// <summary>Only finite, strictly positive prices and quantities describe a real order.</summary>
    public static bool IsValid(double px, double qty) =>
        double.IsFinite(px) && px > 0 && double.IsFinite(qty) && qty > 0;
}
