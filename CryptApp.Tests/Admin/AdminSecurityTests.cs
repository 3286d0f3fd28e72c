using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using CryptApp.Admin.Security;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CryptApp.Tests.Admin;

/// <summary>
/// The Admin in process (real Kestrel, real Redis): its cookies behind a proxy, HSTS, hostile return URLs
/// and a key ring that two instances share.
/// </summary>
public sealed partial class AdminSecurityTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private const string Password = "in-process-admin-password";
    private const string KeyRingSecret = "in-process-key-ring-secret-42";

    private WebApplicationFactory<AdminOptions> Admin(
        string environment = "Development", string? knownNetwork = null, string keyRingSecret = KeyRingSecret, params (string Key, string Value)[] settings)
    {
        var admin = new WebApplicationFactory<AdminOptions>().WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            web.UseEnvironment(environment);
            web.UseSetting("ConnectionStrings:cache", redis.Endpoint);
            web.UseSetting("Admin:Password", Password);
            web.UseSetting("Admin:KeyRingSecret", keyRingSecret);
            // No page that calls the Api is requested here.
            web.UseSetting("Admin:ApiBaseUrl", "http://127.0.0.1:9");
            if (knownNetwork is not null)
            {
                web.UseSetting("Admin:ForwardedHeaders:KnownNetworks:0", knownNetwork);
            }
        });
        // Real Kestrel: the peer is 127.0.0.1, the trusted proxy unless a network is listed.
        admin.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        admin.StartServer();
        return admin;
    }

    [Fact]
    public async Task Over_https_through_a_known_proxy_every_cookie_is_secure_and_hsts_is_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin(environment: "Production");
        var browser = new Browser(admin, "https");

        var form = await browser.GetAsync("/signin", ct);
        var signedIn = await browser.SignInAsync(form, Password, "/markets", ct);

        Assert.Equal(HttpStatusCode.OK, form.Status);
        Assert.Contains(form.SetCookies, c => c.StartsWith(".AspNetCore.Antiforgery.", StringComparison.Ordinal));
        Assert.All(form.SetCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.StartsWith("max-age=", form.Hsts);
        Assert.Equal("/markets", signedIn.Location);
        var auth = Assert.Single(signedIn.SetCookies, c => c.StartsWith("cryptapp-admin=", StringComparison.Ordinal));
        Assert.Contains("; secure", auth, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Forwarded_https_from_a_peer_that_is_not_a_known_proxy_is_ignored_and_no_cookie_goes_out_unsecured()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin(environment: "Production", knownNetwork: "10.0.0.0/8");
        var browser = new Browser(admin, "https");

        var form = await browser.GetAsync("/signin", ct);

        // Seen as plain HTTP: no HSTS, and outside Development no cookie without Secure (so no form token either).
        Assert.Null(form.Hsts);
        Assert.All(form.SetCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.Null(form.Token);
    }

    [Fact]
    public async Task In_development_cookies_over_plain_http_are_not_secure()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin();
        var browser = new Browser(admin);

        var form = await browser.GetAsync("/signin", ct);
        var signedIn = await browser.SignInAsync(form, Password, "/", ct);

        Assert.NotEmpty(form.SetCookies.Concat(signedIn.SetCookies));
        Assert.All(form.SetCookies.Concat(signedIn.SetCookies), c => Assert.DoesNotContain("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Sign_out_needs_the_antiforgery_token_of_the_pages_form()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin();
        var browser = new Browser(admin);
        var signedIn = await browser.SignInAsync(await browser.GetAsync("/signin", ct), Password, "/", ct);

        var forged = await browser.PostAsync("/account/signout", signedIn.Cookies, [], ct);
        var signedOut = await browser.SignOutAsync(signedIn.Cookies, ct);

        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal("/signin", signedOut.Location);
    }

    [Fact]
    public async Task Signing_in_and_out_is_rate_limited_per_client()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin(settings: ("Admin:AccountPermitLimit", "3"));
        var noisy = new Browser(admin, client: "198.51.100.20");
        var form = await noisy.GetAsync("/signin", ct);

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            answers.Add((await noisy.SignInAsync(form, "wrong", "/", ct)).Status);
        }

        var other = new Browser(admin, client: "198.51.100.21");
        var signedIn = await other.SignInAsync(await other.GetAsync("/signin", ct), Password, "/", ct);

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal("/", signedIn.Location);
    }

    [Fact]
    public async Task Behind_the_ingress_a_stranger_who_locks_himself_out_does_not_lock_out_the_admin()
    {
        var ct = TestContext.Current.CancellationToken;
        // As deployed: every request comes through the ingress, which is trusted whatever its address.
        await using var admin = Admin(environment: "Production", settings: ("Admin:ForwardedHeaders:TrustAllProxies", "true"));
        await using var ingress = await ForwardingProxy.StartAsync(admin.ClientOptions.BaseAddress!);
        var stranger = new Browser(ingress.ClientFrom("127.0.0.2"), forwarded: false);
        var owner = new Browser(ingress.ClientFrom("127.0.0.3"), forwarded: false);

        var form = await stranger.GetAsync("/signin", ct);
        var attempts = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            attempts.Add((await stranger.SignInAsync(form, "guess-" + i, "/", ct)).Location);
        }

        var signedIn = await owner.SignInAsync(await owner.GetAsync("/signin", ct), Password, "/jobs", ct);

        Assert.StartsWith("/signin?error=locked", attempts[^1]);
        Assert.Equal("/jobs", signedIn.Location);
        Assert.Contains(signedIn.SetCookies, c => c.StartsWith("cryptapp-admin=", StringComparison.Ordinal) && c.Contains("; secure", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/\t/evil.com")]
    [InlineData("//evil.com")]
    [InlineData("/\\evil.com")]
    [InlineData("https://evil.com")]
    [InlineData("/%09/evil.com")]
    [InlineData("/\r\n/evil.com")]
    [InlineData("/\u0001/evil.com")]
    [InlineData("/\u00a0/evil.com")]
    public async Task A_hostile_return_url_lands_on_the_root_signed_in_or_not(string returnUrl)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var admin = Admin();
        var browser = new Browser(admin);
        var form = await browser.GetAsync("/signin", ct);

        var refused = await browser.SignInAsync(form, "wrong", returnUrl, ct);
        var signedIn = await browser.SignInAsync(form, Password, returnUrl, ct);

        Assert.Equal("/signin?error=invalid&returnUrl=%2F", refused.Location);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.Status);
        Assert.Equal("/", signedIn.Location);
    }

    [Fact]
    public async Task Another_instance_reads_the_cookies_and_tokens_this_one_issued_from_the_key_ring_in_redis()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = Admin();
        await using var second = Admin();

        // A form from the first instance, posted to the second; the second's cookie used at the first.
        var form = await new Browser(first).GetAsync("/signin", ct);
        var signedIn = await new Browser(second).SignInAsync(form, Password, "/jobs", ct);
        var signedOut = await new Browser(first).SignOutAsync(signedIn.Cookies, ct);

        Assert.Equal("/jobs", signedIn.Location);
        Assert.Equal("/signin", signedOut.Location);
        Assert.IsType<SignedKeyRing>(first.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository);
        Assert.True(await redis.Connection.GetDatabase().ListLengthAsync(DataProtectionKeys.RedisKey) > 0);
    }

    [Fact]
    public async Task The_key_ring_is_stored_encrypted_and_an_instance_with_another_secret_signs_users_out_without_failing()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = redis.Connection.GetDatabase();
        await db.KeyDeleteAsync(DataProtectionKeys.RedisKey);
        try
        {
            await using var first = Admin();
            var signedIn = await new Browser(first).SignInAsync(await new Browser(first).GetAsync("/signin", ct), Password, "/jobs", ct);
            Assert.Equal("/jobs", signedIn.Location);

            // What Redis holds, read with Redis's own client: every key's secret encrypted, no master key in the clear.
            var stored = (await db.ListRangeAsync(DataProtectionKeys.RedisKey)).Select(k => k.ToString()).ToList();
            Assert.NotEmpty(stored);
            Assert.All(stored, key =>
            {
                Assert.Contains("<encryptedSecret", key);
                Assert.Contains("KeyRingDecryptor", key);
                Assert.DoesNotContain("<masterKey", key);
                Assert.DoesNotContain("<value>", key);
            });

            // Another secret cannot read those keys: the cookie is refused (sent to sign in again), not an error, and signing in works there.
            await using var other = Admin(keyRingSecret: "another-key-ring-secret-0987");
            var refused = await new Browser(other).PostAsync("/account/signout", signedIn.Cookies, [], ct);
            Assert.Equal(HttpStatusCode.Redirect, refused.Status);
            Assert.Contains("/signin?ReturnUrl=", refused.Location, StringComparison.Ordinal);
            var again = await new Browser(other).SignInAsync(await new Browser(other).GetAsync("/signin", ct), Password, "/", ct);
            Assert.Equal("/", again.Location);

            // The right secret still reads the first cookie, with the other secret's key now in the ring too.
            await using var restarted = Admin();
            var signedOut = await new Browser(restarted).SignOutAsync(signedIn.Cookies, ct);
            Assert.Equal("/signin", signedOut.Location);
        }
        finally
        {
            await db.KeyDeleteAsync(DataProtectionKeys.RedisKey);
        }
    }

    [Fact]
    public async Task A_key_planted_in_redis_by_anyone_but_the_admin_forges_no_sign_in_cookie()
    {
        var ct = TestContext.Current.CancellationToken;
        var db = redis.Connection.GetDatabase();
        await db.KeyDeleteAsync(DataProtectionKeys.RedisKey);
        try
        {
            // Whoever can write Redis: a Data Protection key of their own, in the clear, pushed into the Admin's key ring,
            // and a sign-in cookie for the admin protected with it.
            var (plantedKey, forgedCookie) = ForgedSignIn();
            await db.ListRightPushAsync(DataProtectionKeys.RedisKey, plantedKey);
            await using var admin = Admin();

            var answer = await new Browser(admin).GetAsync("/jobs", new Dictionary<string, string> { ["cryptapp-admin"] = forgedCookie }, ct);

            Assert.Equal(HttpStatusCode.Redirect, answer.Status);
            Assert.Contains("/signin?ReturnUrl=", answer.Location);
        }
        finally
        {
            await db.KeyDeleteAsync(DataProtectionKeys.RedisKey);
        }
    }

    /// <summary>A key ring of one plaintext key, made as Data Protection makes keys, and the admin's sign-in cookie protected with it.</summary>
    private static (string Key, string Cookie) ForgedSignIn()
    {
        var ring = new List<XElement>();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDataProtection().SetApplicationName(DataProtectionKeys.ApplicationName);
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new ListRepository(ring));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
        using var provider = services.BuildServiceProvider();
        var cookie = provider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "admin")], CookieAuthenticationDefaults.AuthenticationScheme);
        var value = cookie.TicketDataFormat.Protect(new AuthenticationTicket(new ClaimsPrincipal(identity), CookieAuthenticationDefaults.AuthenticationScheme));
        return (Assert.Single(ring).ToString(SaveOptions.DisableFormatting), value);
    }

    private sealed class ListRepository(List<XElement> ring) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => ring;

        public void StoreElement(XElement element, string friendlyName) => ring.Add(element);
    }

    /// <summary>
    /// Just enough of a browser to sign in: cookies by hand, since <c>Secure</c> cookies would not go back over
    /// the plain HTTP between this test and Kestrel, and (unless a real proxy is in between) the forwarded headers of one.
    /// </summary>
    private sealed partial class Browser(HttpClient client, string scheme = "http", string clientAddress = "203.0.113.7", bool forwarded = true)
    {
        public Browser(WebApplicationFactory<AdminOptions> admin, string scheme = "http", string client = "203.0.113.7")
            : this(new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = admin.ClientOptions.BaseAddress }, scheme, client)
        {
        }

        private readonly HttpClient _client = client;

        /// <summary>Signs out as a page's sign-out button does: with the antiforgery token of the form the page carries.</summary>
        public async Task<Answer> SignOutAsync(IReadOnlyDictionary<string, string> cookies, CancellationToken ct)
        {
            var page = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/signin"), cookies, ct);
            var layout = page.Token is null ? await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/exchanges"), cookies, ct) : page;
            return await PostAsync(
                "/account/signout", layout.Cookies, layout.Token is { } token ? new() { ["__RequestVerificationToken"] = token } : [], ct);
        }

        public Task<Answer> GetAsync(string path, CancellationToken ct) => GetAsync(path, new Dictionary<string, string>(), ct);

        public Task<Answer> GetAsync(string path, IReadOnlyDictionary<string, string> cookies, CancellationToken ct) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Get, path), cookies, ct);

        public Task<Answer> SignInAsync(Answer form, string password, string returnUrl, CancellationToken ct) =>
            PostAsync("/account/signin", form.Cookies, new()
            {
                ["__RequestVerificationToken"] = form.Token ?? throw new InvalidOperationException("the sign-in page has no antiforgery token"),
                ["user"] = "admin",
                ["password"] = password,
                ["returnUrl"] = returnUrl,
            }, ct);

        public Task<Answer> PostAsync(string path, IReadOnlyDictionary<string, string> cookies, Dictionary<string, string> fields, CancellationToken ct) =>
            SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) }, cookies, ct);

        private async Task<Answer> SendAsync(HttpRequestMessage request, IReadOnlyDictionary<string, string> cookies, CancellationToken ct)
        {
            using (request)
            {
                // Not localhost: HSTS leaves loopback names out.
                request.Headers.Host = "admin.example.com";
                if (forwarded)
                {
                    request.Headers.Add("X-Forwarded-Proto", scheme);
                    request.Headers.Add("X-Forwarded-For", clientAddress);
                }
                if (cookies.Count > 0)
                {
                    request.Headers.Add("Cookie", string.Join("; ", cookies.Select(c => $"{c.Key}={c.Value}")));
                }

                using var response = await _client.SendAsync(request, ct).Within(Timeouts.Request, $"{request.Method} {request.RequestUri}");
                var body = await response.Content.ReadAsStringAsync(ct);
                var setCookies = response.Headers.TryGetValues("Set-Cookie", out var values) ? values.ToList() : [];
                var jar = new Dictionary<string, string>(cookies);
                foreach (var cookie in setCookies)
                {
                    var pair = cookie.Split(';')[0].Split('=', 2);
                    jar[pair[0]] = pair[1];
                }

                return new Answer(
                    response.StatusCode,
                    response.Headers.Location?.OriginalString,
                    setCookies,
                    jar,
                    response.Headers.TryGetValues("Strict-Transport-Security", out var hsts) ? hsts.Single() : null,
                    TokenField().Match(body) is { Success: true } input ? WebUtility.HtmlDecode(Value().Match(input.Value).Groups[1].Value) : null);
            }
        }

        [GeneratedRegex(@"<input[^>]*name=""__RequestVerificationToken""[^>]*>")]
        private static partial Regex TokenField();

        [GeneratedRegex(@"value=""([^""]*)""")]
        private static partial Regex Value();
    }

    private sealed record Answer(
        HttpStatusCode Status, string? Location, IReadOnlyList<string> SetCookies, IReadOnlyDictionary<string, string> Cookies, string? Hsts, string? Token);
}
