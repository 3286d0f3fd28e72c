namespace CryptApp.Core.Streaming;

/// <summary>
/// One side of a live book: levels sorted best first (bids high to low, asks low to high), each price and size the
/// exact decimal the venue wrote (its digits and scale kept, so a checksum over them is the venue's). A size of 0
/// removes a level; removing a level that is not there changes nothing. Arrays grow by doubling and are reused, so
/// applying a change allocates nothing once the side has reached its size.
/// </summary>
public sealed class LiveBookSide(bool bids, int capacity = 64)
{
    private decimal[] _prices = new decimal[Math.Max(capacity, 4)];
    private decimal[] _sizes = new decimal[Math.Max(capacity, 4)];
    private int[] _orders = new int[Math.Max(capacity, 4)];

    public bool IsBids { get; } = bids;

    public int Count { get; private set; }

    public decimal PriceAt(int index) => _prices[index];

    public decimal SizeAt(int index) => _sizes[index];

    /// <summary>Orders at the level where the venue gives it, else 0.</summary>
    public int OrdersAt(int index) => _orders[index];

    public decimal? Best => Count > 0 ? _prices[0] : null;

    /// <summary>Sets the level at <paramref name="price"/> to <paramref name="size"/>; 0 removes it.</summary>
    public void Set(decimal price, decimal size, int orders = 0)
    {
        var index = Find(price);
        if (index >= 0)
        {
            if (size == 0)
            {
                RemoveAt(index);
            }
            else
            {
                _sizes[index] = size;
                _orders[index] = orders;
            }

            return;
        }

        if (size != 0)
        {
            Insert(~index, price, size, orders);
        }
    }

    /// <summary>Keeps the best <paramref name="depth"/> levels: the venue sends no removal for levels that fall out of a subscribed depth.</summary>
    public void Truncate(int depth)
    {
        if (depth >= 0 && Count > depth)
        {
            Count = depth;
        }
    }

    public void Clear() => Count = 0;

    /// <summary>The index of <paramref name="price"/>, or the bitwise complement of where it would go.</summary>
    private int Find(decimal price)
    {
        int low = 0, high = Count - 1;
        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var order = _prices[mid].CompareTo(price);
            if (order == 0)
            {
                return mid;
            }

            // Best first: on the bid side a higher price comes earlier.
            if (IsBids ? order > 0 : order < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }

        return ~low;
    }

    private void Insert(int index, decimal price, decimal size, int orders)
    {
        if (Count == _prices.Length)
        {
            Array.Resize(ref _prices, Count * 2);
            Array.Resize(ref _sizes, Count * 2);
            Array.Resize(ref _orders, Count * 2);
        }

        var tail = Count - index;
        if (tail > 0)
        {
            Array.Copy(_prices, index, _prices, index + 1, tail);
            Array.Copy(_sizes, index, _sizes, index + 1, tail);
            Array.Copy(_orders, index, _orders, index + 1, tail);
        }

        _prices[index] = price;
        _sizes[index] = size;
        _orders[index] = orders;
        Count++;
    }

    private void RemoveAt(int index)
    {
        var tail = Count - index - 1;
        if (tail > 0)
        {
            Array.Copy(_prices, index + 1, _prices, index, tail);
            Array.Copy(_sizes, index + 1, _sizes, index, tail);
            Array.Copy(_orders, index + 1, _orders, index, tail);
        }

        Count--;
    }
}
