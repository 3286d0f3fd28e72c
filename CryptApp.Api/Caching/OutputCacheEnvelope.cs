using System.Buffers.Binary;
using System.Text;

namespace CryptApp.Api.Caching;

/// <summary>
/// What the shared (Redis) level stores around a cached response: its absolute expiry and its tags, so a
/// replica that loads it into its memory level keeps the remaining lifetime and can evict it by tag.
/// Layout: expiry (int64 unix ms), tag count (byte), each tag as length (uint16) + UTF-8, then the response.
/// </summary>
public static class OutputCacheEnvelope
{
    public static byte[] Wrap(byte[] value, string[] tags, DateTimeOffset expires)
    {
        var encoded = tags.Take(byte.MaxValue).Select(Encoding.UTF8.GetBytes).Where(t => t.Length <= ushort.MaxValue).ToArray();
        var envelope = new byte[9 + encoded.Sum(t => 2 + t.Length) + value.Length];
        BinaryPrimitives.WriteInt64LittleEndian(envelope, expires.ToUnixTimeMilliseconds());
        envelope[8] = (byte)encoded.Length;
        var at = 9;
        foreach (var tag in encoded)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(envelope.AsSpan(at), (ushort)tag.Length);
            tag.CopyTo(envelope, at + 2);
            at += 2 + tag.Length;
        }

        value.CopyTo(envelope, at);
        return envelope;
    }

    /// <summary>The response, its tags and expiry; null for anything that is not a whole envelope.</summary>
    public static (byte[] Value, string[] Tags, DateTimeOffset Expires)? Unwrap(byte[] envelope)
    {
        if (envelope.Length < 9)
        {
            return null;
        }

        var expires = DateTimeOffset.FromUnixTimeMilliseconds(BinaryPrimitives.ReadInt64LittleEndian(envelope));
        var tags = new string[envelope[8]];
        var at = 9;
        for (var i = 0; i < tags.Length; i++)
        {
            if (at + 2 > envelope.Length)
            {
                return null;
            }

            var length = BinaryPrimitives.ReadUInt16LittleEndian(envelope.AsSpan(at));
            if (at + 2 + length > envelope.Length)
            {
                return null;
            }

            tags[i] = Encoding.UTF8.GetString(envelope, at + 2, length);
            at += 2 + length;
        }

        return (envelope[at..], tags, expires);
    }
}
