using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CryptApp.Admin.Services;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace CryptApp.Admin.Security;

/// <summary>
/// The Data Protection keys leave the process encrypted (AES-256-GCM under a key derived from
/// <c>Admin:KeyRingSecret</c>), so whoever can read Redis still cannot forge a sign-in cookie. ASP.NET
/// Core's own encryptors need a certificate, Windows DPAPI or a cloud key vault, none of which this
/// deployment has; a secret parameter it has.
/// </summary>
public static class KeyRingCipher
{
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly XName Encrypted = XName.Get("encryptedKey", "https://github.com/cryptapp/key-ring");

    public static XElement Encrypt(XElement plaintextElement, string secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var tag = new byte[TagSize];
        var ciphertext = new byte[plaintext.Length];
        try
        {
            WithCipher(secret, aes => aes.Encrypt(nonce, plaintext, ciphertext, tag));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new XElement(
            Encrypted,
            new XAttribute("algorithm", "AES-256-GCM, HKDF-SHA256 of Admin:KeyRingSecret"),
            new XElement(Encrypted.Namespace + "nonce", Convert.ToBase64String(nonce)),
            new XElement(Encrypted.Namespace + "tag", Convert.ToBase64String(tag)),
            new XElement(Encrypted.Namespace + "ciphertext", Convert.ToBase64String(ciphertext)));
    }

    /// <summary>Throws <see cref="CryptographicException"/> when the secret is not the one that encrypted it, or the element was altered.</summary>
    public static XElement Decrypt(XElement encryptedElement, string secret)
    {
        if (encryptedElement.Name != Encrypted)
        {
            throw new CryptographicException($"Not a key-ring element encrypted by CryptApp: {encryptedElement.Name}");
        }

        byte[] Part(string name)
        {
            var text = (string?)encryptedElement.Element(Encrypted.Namespace + name) ?? throw new CryptographicException($"The encrypted key has no {name}");
            try
            {
                return Convert.FromBase64String(text);
            }
            catch (FormatException ex)
            {
                throw new CryptographicException($"The encrypted key's {name} is not base64", ex);
            }
        }

        var (nonce, tag, ciphertext) = (Part("nonce"), Part("tag"), Part("ciphertext"));
        var plaintext = new byte[ciphertext.Length];
        WithCipher(secret, aes => aes.Decrypt(nonce, ciphertext, tag, plaintext));

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>The AES-GCM cipher under the key derived from <paramref name="secret"/>, the key wiped after use.</summary>
    private static void WithCipher(string secret, Action<AesGcm> use) =>
        WithKey(secret, "cryptapp-admin key ring"u8, key =>
        {
            using var aes = new AesGcm(key, TagSize);
            use(aes);
        });

    /// <summary>A 256-bit key derived from <paramref name="secret"/> for one use (<paramref name="purpose"/>), wiped after <paramref name="use"/>.</summary>
    internal static void WithKey(string secret, ReadOnlySpan<byte> purpose, Action<byte[]> use)
    {
        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, salt: [], info: purpose.ToArray());
        try
        {
            use(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}

/// <summary>Set as <c>KeyManagementOptions.XmlEncryptor</c> when <c>Admin:KeyRingSecret</c> is configured.</summary>
public sealed class KeyRingEncryptor(string secret) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(KeyRingCipher.Encrypt(plaintextElement, secret), typeof(KeyRingDecryptor));
}

/// <summary>
/// Named in each stored key and created by Data Protection itself (through the service provider) when the
/// ring is read: the secret comes from the Admin's options.
/// </summary>
public sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var secret = services.GetRequiredService<IOptions<AdminOptions>>().Value.KeyRingSecret;
        if (string.IsNullOrEmpty(secret))
        {
            throw new InvalidOperationException(
                "The Data Protection key ring in Redis is encrypted: set Admin:KeyRingSecret to the secret it was encrypted with.");
        }

        return KeyRingCipher.Decrypt(encryptedElement, secret);
    }
}
