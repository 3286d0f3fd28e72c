namespace CryptApp.Tests.Infrastructure;

/// <summary>
/// A program some tests need and a machine may lack. Where it is missing, each test that needs it is skipped with
/// why and the one line that installs it, and every other test runs. Where the test command (<c>test.sh</c>) found or
/// installed it, it names it in <c>CRYPTAPP_TEST_REQUIRE</c>, and missing it is a failure: a machine that has it
/// must not pass by skipping.
/// </summary>
public sealed record Prerequisite(string Name, string Install)
{
    public const string RequiredSetting = "CRYPTAPP_TEST_REQUIRE";

    public static readonly Prerequisite RedisServer = new("redis-server", "apt-get install -y redis-server");

    public static readonly Prerequisite Chromium = new("chromium", "apt-get install -y chromium");

    public static readonly Prerequisite Pandas = new("pandas", "apt-get install -y python3-pandas");

    public static readonly Prerequisite Python = new("python3", "apt-get install -y python3");

    /// <summary>Whether the test command promised this program (see <see cref="RequiredSetting"/>).</summary>
    public bool Required =>
        (Environment.GetEnvironmentVariable(RequiredSetting) ?? string.Empty)
        .Split([' ', ','], StringSplitOptions.RemoveEmptyEntries)
        .Contains(Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Ends the calling test: skipped, saying <paramref name="why"/> and how to install; failed where it was required.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public void Missing(string why)
    {
        var message = $"{why} Install it to run this test: {Install}";
        if (Required)
        {
            Assert.Fail($"{message} ({RequiredSetting} names {Name}: the test command found or installed it.)");
        }

        Assert.Skip(message);
    }
}
