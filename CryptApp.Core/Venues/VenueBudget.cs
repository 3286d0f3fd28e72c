namespace CryptApp.Core.Venues;

/// <summary>
/// A venue's request budget over a sliding window: what was spent in the last <c>window</c>, request by request.
/// A request goes only when it and everything spent in the window before it fit the budget, so no span of one
/// window, wherever it starts, carries more than the budget (a token bucket that starts full carries two budgets
/// in its first window). Holds at most one entry a request in the window. Not thread-safe: its gate locks around it.
/// </summary>
public sealed class VenueBudget(double budget, TimeSpan window)
{
    // Costs are whole weights in practice; the slack only absorbs the sum's rounding.
    private readonly double _slack = budget * 1e-9;
    private readonly Queue<(DateTimeOffset At, double Cost)> _spent = new();
    private double _inWindow;

    public double Budget => budget;

    public TimeSpan Window => window;

    /// <summary>What may still be spent at <paramref name="now"/>.</summary>
    public double Available(DateTimeOffset now)
    {
        Expire(now);
        return Math.Max(0, budget - _inWindow);
    }

    /// <summary>
    /// Spends <paramref name="cost"/> (at most the whole budget) at <paramref name="now"/> and returns zero, or spends
    /// nothing and returns how long until it fits, rounded up to whole milliseconds.
    /// </summary>
    public TimeSpan TryTake(DateTimeOffset now, double cost)
    {
        cost = Math.Min(cost, budget);
        Expire(now);
        if (_inWindow + cost <= budget + _slack)
        {
            _spent.Enqueue((now, cost));
            _inWindow += cost;
            return TimeSpan.Zero;
        }

        // The oldest spending leaves the window first: wait for the one whose leaving makes room.
        var excess = _inWindow + cost - budget;
        foreach (var (at, spent) in _spent)
        {
            excess -= spent;
            if (excess <= _slack)
            {
                return TimeSpan.FromMilliseconds(Math.Ceiling((at + window - now).TotalMilliseconds));
            }
        }

        return window;
    }

    /// <summary>
    /// The venue counts <paramref name="used"/> spent in its window (Binance's used-weight header: other clients on
    /// this address spend it too): where that is more than this budget knows, the difference counts as spent now.
    /// </summary>
    public void SpentAtLeast(DateTimeOffset now, double used)
    {
        Expire(now);
        if (used > _inWindow)
        {
            _spent.Enqueue((now, used - _inWindow));
            _inWindow = used;
        }
    }

    private void Expire(DateTimeOffset now)
    {
        while (_spent.TryPeek(out var oldest) && oldest.At + window <= now)
        {
            _spent.Dequeue();
            _inWindow -= oldest.Cost;
        }

        if (_spent.Count == 0)
        {
            _inWindow = 0;
        }
    }
}
