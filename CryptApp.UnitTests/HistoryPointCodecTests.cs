using System.Text;
using System.Text.Json;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;

namespace CryptApp.UnitTests;

/// <summary>The binary history point reads back bit for bit, and the JSON object form is read as well.</summary>
public sealed class HistoryPointCodecTests
{
    public static TheoryData<HistoryPoint> Points => new(
        new HistoryPoint(new DateTimeOffset(2026, 12, 6, 1, 53, 39, TimeSpan.Zero).AddTicks(1_234_567), 43049.825, 43049.82, 43049.83, 0.0023227389238723,
            -0.12345678912345678, 1234567.891, 2345678.9, 212, 234, 1853429.72, double.Epsilon),
        new HistoryPoint(DateTimeOffset.UnixEpoch, null, null, null, null, null, null, null, 0, 0, 0, 0),
        new HistoryPoint(DateTimeOffset.MaxValue.ToUniversalTime(), 0.1, null, 5e-324, null, 1, double.MaxValue, null, int.MaxValue, 1, -0.0, 2.2250738585072011e-308));

    [Theory]
    [MemberData(nameof(Points))]
    public void A_point_reads_back_bit_for_bit(HistoryPoint point)
    {
        var bytes = HistoryPointCodec.Encode(point);
        var back = HistoryPointCodec.Decode(bytes);

        Assert.True(bytes.Length <= 90, $"{bytes.Length} bytes");
        Assert.Equal(point.T.UtcTicks, back.T.UtcTicks);
        Assert.Equal(Bits(point), Bits(back));
    }

    [Fact]
    public void A_point_stored_as_a_json_object_is_read()
    {
        var json = """{"t":"2026-12-06T01:53:39.1310000+00:00","mid":100.05,"bestBid":100,"bestAsk":100.1,"spreadBps":9.995,"imbalance":null,"bidDepth2Pct":1,"askDepth2Pct":2,"bidsCount":40,"asksCount":41,"bidsTotalValue":4000.5,"asksTotalValue":4100.25}""";

        var point = HistoryPointCodec.Decode(Encoding.UTF8.GetBytes(json));

        Assert.Equal(new HistoryPoint(DateTimeOffset.Parse("2026-12-06T01:53:39.131Z", System.Globalization.CultureInfo.InvariantCulture), 100.05, 100, 100.1, 9.995, null, 1, 2, 40, 41, 4000.5, 4100.25), point);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 2, 0 })]
    [InlineData(new byte[] { 1, 0, 1, 2, 3 })]
    [InlineData(new byte[] { (byte)'n', (byte)'o' })]
    public void Anything_else_is_refused_as_unreadable(byte[] bytes) =>
        Assert.ThrowsAny<JsonException>(() => HistoryPointCodec.Decode(bytes));

    private static long[] Bits(HistoryPoint p) =>
    [
        .. new[] { p.Mid, p.BestBid, p.BestAsk, p.SpreadBps, p.Imbalance, p.BidDepth2Pct, p.AskDepth2Pct }
            .Select(v => v is { } d ? BitConverter.DoubleToInt64Bits(d) : long.MinValue),
        p.BidsCount, p.AsksCount, BitConverter.DoubleToInt64Bits(p.BidsTotalValue), BitConverter.DoubleToInt64Bits(p.AsksTotalValue),
    ];
}
