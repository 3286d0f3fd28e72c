using CryptApp.Admin.Security;

namespace CryptApp.UnitTests;

/// <summary>Where a sign-in may send the browser: local paths only, whatever the link said.</summary>
public sealed class ReturnUrlTests
{
    public static TheoryData<string?> Hostile => new(
        null, "", " ", "evil.com", "//evil.com", "///evil.com", "/\\evil.com", "\\\\evil.com", "\\/evil.com",
        "https://evil.com", "http:evil.com", "javascript:alert(1)", "~//evil.com",
        "/\t/evil.com", "/%09/evil.com", "/\n/evil.com", "/%0a/evil.com", "/%0D%0A/evil.com", "/\r/evil.com",
        "/%2F/evil.com", "/%2f%2fevil.com", "/%5Cevil.com", "/%5c%5cevil.com", "%2F%2Fevil.com",
        "/ /evil.com", "/\u00a0/evil.com", "/\u2028/evil.com", "/\0/evil.com", "/%00/evil.com", "/markets\u0007",
        " /markets", "\t/markets");

    [Theory]
    [MemberData(nameof(Hostile))]
    public void A_hostile_return_url_lands_on_the_root(string? url) => Assert.Equal("/", ReturnUrl.LocalOrRoot(url));

    [Theory]
    [InlineData("/")]
    [InlineData("/markets")]
    [InlineData("/markets/BTC-USD")]
    [InlineData("/markets?search=btc&sort=mid")]
    [InlineData("/jobs#runs")]
    [InlineData("/markets/BTC%2DUSD")]
    public void A_local_path_is_kept(string url) => Assert.Equal(url, ReturnUrl.LocalOrRoot(url));
}
