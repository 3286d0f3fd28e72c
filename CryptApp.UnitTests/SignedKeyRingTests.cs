using System.Xml.Linq;
using CryptApp.Admin.Security;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.UnitTests;

/// <summary>The Admin's signed key ring: it reads back only the elements it stored itself under the same secret.</summary>
public sealed class SignedKeyRingTests
{
    private const string Secret = "unit-test-key-ring-secret-123456";
    private static readonly XElement Key = XElement.Parse(
        "<key id=\"3f1c7b52-5a4e-4c6d-9d0e-2b7a8f1e4c11\" version=\"1\"><creationDate>2026-12-01T00:00:00Z</creationDate>" +
        "<expirationDate>2027-03-01T00:00:00Z</expirationDate><descriptor><masterKey><value>c2VjcmV0</value></masterKey></descriptor></key>");

    [Fact]
    public void A_key_it_stored_reads_back_unchanged()
    {
        var redis = new TextRepository();
        new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).StoreElement(Key, "key");

        var read = Assert.Single(new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).GetAllElements());

        Assert.True(XNode.DeepEquals(Key, read));
    }

    [Fact]
    public void A_key_written_by_anyone_else_is_ignored()
    {
        var redis = new TextRepository();
        redis.Stored.Add(Key.ToString());

        Assert.Empty(new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).GetAllElements());
    }

    [Fact]
    public void A_key_altered_after_signing_is_ignored()
    {
        var redis = new TextRepository();
        new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).StoreElement(Key, "key");
        // The signature kept, the expiry pushed out by years.
        redis.Stored[0] = redis.Stored[0].Replace("2027-03-01", "2099-03-01", StringComparison.Ordinal);

        Assert.Empty(new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).GetAllElements());
    }

    [Fact]
    public void A_key_signed_under_another_secret_is_ignored()
    {
        var redis = new TextRepository();
        new SignedKeyRing(redis, "another-key-ring-secret-7890abcd", NullLogger<SignedKeyRing>.Instance).StoreElement(Key, "key");

        Assert.Empty(new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).GetAllElements());
    }

    [Theory]
    [InlineData("<signedKey xmlns=\"https://github.com/cryptapp/key-ring/signed\"><![CDATA[<key/>]]></signedKey>")]
    [InlineData("<signedKey xmlns=\"https://github.com/cryptapp/key-ring/signed\" mac=\"not base64!\"><![CDATA[<key/>]]></signedKey>")]
    [InlineData("<signedKey xmlns=\"https://github.com/cryptapp/key-ring/signed\" mac=\"AAAA\"><![CDATA[<key/>]]></signedKey>")]
    public void A_malformed_signed_element_is_ignored_not_thrown(string stored)
    {
        var redis = new TextRepository();
        redis.Stored.Add(stored);

        Assert.Empty(new SignedKeyRing(redis, Secret, NullLogger<SignedKeyRing>.Instance).GetAllElements());
    }

    /// <summary>Elements kept as text, as Redis keeps them: each read parses what was written.</summary>
    private sealed class TextRepository : IXmlRepository
    {
        public List<string> Stored { get; } = [];

        public IReadOnlyCollection<XElement> GetAllElements() => Stored.Select(XElement.Parse).ToList();

        public void StoreElement(XElement element, string friendlyName) => Stored.Add(element.ToString(SaveOptions.DisableFormatting));
    }
}
