using System.Text.Json;

namespace CryptApp.Core.Streaming;

/// <summary>Reads a venue's level list onto a book side, in the two shapes venues use: arrays and objects.</summary>
public static class LevelReader
{
    /// <summary>
    /// <c>[["price","size", ...], ...]</c> (Binance, Bybit, OKX): price first, size second, and the number of orders at
    /// <paramref name="ordersIndex"/> where the venue sends it (OKX's fourth).
    /// </summary>
    public static void ReadArrays(ref Utf8JsonReader reader, LiveBookSide side, int ordersIndex = -1)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            FeedJson.Next(ref reader);
            var price = FeedJson.Decimal(ref reader, "price");
            FeedJson.Next(ref reader);
            var size = FeedJson.Decimal(ref reader, "size");
            var orders = 0;
            var index = 2;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (index++ == ordersIndex)
                {
                    orders = (int)FeedJson.Long(ref reader, "orders");
                }
                else
                {
                    FeedJson.Skip(ref reader);
                }
            }

            side.Set(price, size, orders);
        }
    }

    /// <summary><c>[{"price":..,"qty":..}, ...]</c> (Kraken) or <c>[{"px":..,"qty":..,"num":..}, ...]</c> (Blockchain.com).</summary>
    public static void ReadObjects(ref Utf8JsonReader reader, LiveBookSide side, ReadOnlySpan<byte> priceName, ReadOnlySpan<byte> sizeName, ReadOnlySpan<byte> ordersName = default)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            decimal? price = null, size = null;
            var orders = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals(priceName))
                {
                    FeedJson.Next(ref reader);
                    price = FeedJson.Decimal(ref reader, "price");
                }
                else if (reader.ValueTextEquals(sizeName))
                {
                    FeedJson.Next(ref reader);
                    size = FeedJson.Decimal(ref reader, "size");
                }
                else if (!ordersName.IsEmpty && reader.ValueTextEquals(ordersName))
                {
                    FeedJson.Next(ref reader);
                    orders = (int)FeedJson.Long(ref reader, "orders");
                }
                else
                {
                    FeedJson.SkipValue(ref reader);
                }
            }

            side.Set(price ?? throw new FormatException("level without a price"), size ?? throw new FormatException("level without a size"), orders);
        }
    }

    /// <summary>
    /// From <paramref name="owner"/> (a reader on the object that holds both sides), reads the property named
    /// <paramref name="bids"/> onto the bid side and <paramref name="asks"/> onto the ask side, each an array of arrays.
    /// </summary>
    public static void ReadArraySides(Utf8JsonReader owner, LiveBook book, ReadOnlySpan<byte> bids, ReadOnlySpan<byte> asks, int ordersIndex = -1)
    {
        while (owner.Read() && owner.TokenType == JsonTokenType.PropertyName)
        {
            var side = owner.ValueTextEquals(bids) ? book.Bids : owner.ValueTextEquals(asks) ? book.Asks : null;
            FeedJson.Next(ref owner);
            if (side is null)
            {
                FeedJson.Skip(ref owner);
            }
            else
            {
                ReadArrays(ref owner, side, ordersIndex);
            }
        }
    }

    /// <summary>As <see cref="ReadArraySides"/>, each side an array of objects.</summary>
    public static void ReadObjectSides(
        Utf8JsonReader owner, LiveBook book, ReadOnlySpan<byte> bids, ReadOnlySpan<byte> asks,
        ReadOnlySpan<byte> priceName, ReadOnlySpan<byte> sizeName, ReadOnlySpan<byte> ordersName = default)
    {
        while (owner.Read() && owner.TokenType == JsonTokenType.PropertyName)
        {
            var side = owner.ValueTextEquals(bids) ? book.Bids : owner.ValueTextEquals(asks) ? book.Asks : null;
            FeedJson.Next(ref owner);
            if (side is null)
            {
                FeedJson.Skip(ref owner);
            }
            else
            {
                ReadObjects(ref owner, side, priceName, sizeName, ordersName);
            }
        }
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new FormatException($"levels: expected {type}, got {reader.TokenType}");
        }
    }
}
