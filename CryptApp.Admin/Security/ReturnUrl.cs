namespace CryptApp.Admin.Security;

/// <summary>
/// Where to go after signing in: a path on this site, or <c>/</c>. An open redirect would let a link send a
/// signed-in user anywhere.
/// </summary>
public static class ReturnUrl
{
    /// <summary>
    /// <paramref name="url"/> when it is a local path as ASP.NET Core's <c>IsLocalUrl</c> sees it (<c>/</c>, not
    /// <c>//</c> nor <c>/\</c>), with no control character or white space either as sent or percent-decoded
    /// (browsers drop tabs and line breaks, so <c>/\t/evil.com</c> would be <c>//evil.com</c>); otherwise <c>/</c>.
    /// </summary>
    public static string LocalOrRoot(string? url) =>
        IsLocalPath(url) && IsLocalPath(Uri.UnescapeDataString(url!)) ? url! : "/";

    private static bool IsLocalPath(string? url) =>
        url is ['/', ..]
        && !url.StartsWith("//", StringComparison.Ordinal)
        && !url.StartsWith("/\\", StringComparison.Ordinal)
        && !url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c));
}
