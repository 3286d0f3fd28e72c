using System.Buffers;
using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// Reads a Blockchain.com <c>/l3/{symbol}</c> body as a stream, buffer by buffer, so a book of tens of
/// thousands of orders never exists as a document in memory. Prices and quantities may be JSON
/// numbers (including exponent forms such as <c>5.0001E-4</c>) or numeric strings; each becomes the
/// correctly rounded double, the one Python's <c>float()</c> gives.
/// </summary>
public static class L3BookParser
{
    private const int InitialBufferSize = 16 * 1024;

    public static Task<OrderBook> ParseAsync(Stream body, string symbol, long maxBytes, CancellationToken cancellationToken) =>
        ParseAsync<FastPathParser<FastFloatParser>>(body, symbol, maxBytes, cancellationToken);

    /// <summary>With a chosen number parser, so the benchmarks can weigh them against each other.</summary>
    internal static async Task<OrderBook> ParseAsync<TNumbers>(Stream body, string symbol, long maxBytes, CancellationToken cancellationToken)
        where TNumbers : IDoubleParser
    {
        using var scanner = new L3BookScanner<TNumbers>(new OrderBook(symbol));
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var length = 0;
            long total = 0;
            var final = false;
            while (!final)
            {
                if (length == buffer.Length)
                {
                    // One entry or name larger than the buffer: grow it rather than fail.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                final = read == 0;
                total += read;
                if (total > maxBytes)
                {
                    throw new VenueDataException($"order book body exceeds the {maxBytes} byte limit");
                }

                length += read;
                var consumed = scanner.Consume(buffer.AsSpan(0, length), final);
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }

            return scanner.Finish();
        }
        catch (JsonException ex)
        {
            // Only escaped strings go through System.Text.Json, which judges their escapes.
            throw new VenueDataException($"order book body is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
