namespace CryptApp.Testing.Fakes;

/// <summary>The markets the integration tests run against: every book shape and failure an exchange serves: recorded, closed, suspended, empty, invalid entries, 500, HTML, crossed, huge.</summary>
public static class FakeMarkets
{
    public const string Recorded = "BTC-USD";
    public const string Closed = "BTC-PAX";
    public const string Suspended = "ETH-EUR";
    public const string EmptyAsks = "XLM-EUR";
    public const string BadEntries = "ETH-USD";
    public const string ServerError = "ALGO-BTC";
    public const string HtmlPage = "DGLD-USD";
    public const string Crossed = "CROSS-USD";
    public const string Huge = "HUGE-USD";
    public const int HugeLevelsPerSide = 25_000;
    public const int GeneratedCount = 12;

    public static Dictionary<string, FakeMarket> Create(int seed = 20200510)
    {
        var random = new Random(seed);
        var markets = new Dictionary<string, FakeMarket>
        {
            [Recorded] = new("open", FakeBook.Recorded(Fixtures.BtcUsdBook)),
            [Closed] = new("closed", FakeBook.Generate(random, 8700, 5, 5)),
            [Suspended] = new("suspend", FakeBook.Generate(random, 190, 5, 5)),
            [EmptyAsks] = new("open", FakeBook.Of(FakeBook.Generate(random, 0.065, 7, 0).Bids, [])),
            [BadEntries] = new("open", FakeBook.Of(
                [
                    new("189.5", "2.5", 1),
                    new("189.4", "0", 2),
                    new("-1.0", "3", 3),
                    new("189.3", "5.0001E-4", 9223372036854775807),
                    new("\"189.2\"", "\"1.25\"", 5),
                    new("189.1", "-0.5", 6),
                ],
                [
                    new("190.1", "1.0E0", 7),
                    new("0", "1", 8),
                    new("190.4", "7", 9),
                ])),
            [ServerError] = new("open", FakeBook.Generate(random, 2.5e-5, 5, 5), FakeBehavior.ServerError),
            [HtmlPage] = new("open", FakeBook.Generate(random, 1850, 5, 5), FakeBehavior.HtmlPage),
        };

        markets[Crossed] = new("open", FakeBook.Of(
            [new("101.5", "1", 1), new("100", "2", 2)],
            [new("101", "1", 3), new("102", "4", 4)]));
        markets[Huge] = new("open", FakeBook.Generate(random, 30_000, HugeLevelsPerSide, HugeLevelsPerSide));

        for (var i = 0; i < GeneratedCount; i++)
        {
            var mid = Math.Pow(10, random.NextDouble() * 8 - 3);
            markets[$"GEN{i:00}-USD"] = new("open", FakeBook.Generate(random, mid, random.Next(0, 300), random.Next(1, 300)));
        }

        return markets;
    }
}
