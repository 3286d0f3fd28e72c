namespace CryptApp.Testing.Fakes;

/// <summary>Recorded exchange responses shipped with the tests.</summary>
public static class Fixtures
{
    public static string Read(string relativePath) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fakes", "Fixtures", relativePath));

    public static string BtcUsdBook => Read("blockchaincom/rest_l3_BTC-USD_2020-05-10.json");
}
