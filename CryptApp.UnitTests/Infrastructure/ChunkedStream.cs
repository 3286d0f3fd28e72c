namespace CryptApp.UnitTests.Infrastructure;

/// <summary>Hands out at most <c>chunk</c> bytes per read, like a slow network.</summary>
public sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
{
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
}
