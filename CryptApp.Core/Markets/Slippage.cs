using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Markets;

/// <summary>The walk behind <see cref="SlippageEstimate"/>, kept out of the wire contract.</summary>
public static class Slippage
{
    extension(SlippageEstimate)
    {
        public static SlippageEstimate Walk(BookLevels book, TradeSide side, double notional)
        {
            // A buy lifts the asks from the lowest price up; a sell hits the bids from the highest down.
            var levels = side == TradeSide.Buy ? book.Asks : book.Bids;
            double filled = 0, qty = 0;
            var used = 0;
            foreach (var level in levels)
            {
                if (filled >= notional)
                {
                    break;
                }

                var take = Math.Min(notional - filled, level.Px * level.Qty);
                filled += take;
                qty += take / level.Px;
                used++;
            }

            if (book.Mid is not { } mid)
            {
                return new SlippageEstimate(side, notional, null, null, null, filled, qty, used,
                    "no mid price: one side of the book is empty");
            }

            // Relative tolerance: a fill short by rounding only is a fill.
            if (filled < notional * (1 - 1e-12))
            {
                return new SlippageEstimate(side, notional, mid, null, null, filled, qty, used,
                    $"book too thin: only {filled:G6} of {notional:G6} available within {BookLevels.Window:P0} of mid");
            }

            var vwap = filled / qty;
            return new SlippageEstimate(side, notional, mid, vwap, (vwap - mid) / mid * 10_000, filled, qty, used, null);
        }
    }
}
