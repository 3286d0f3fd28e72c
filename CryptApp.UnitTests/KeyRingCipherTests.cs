using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using CryptApp.Admin.Security;

namespace CryptApp.UnitTests;

/// <summary>The Admin's key-ring encryption: what leaves for Redis holds no secret, and only the same secret reads it back.</summary>
public sealed class KeyRingCipherTests
{
    private const string Secret = "unit-test-key-ring-secret-123456";
    private static readonly XElement MasterKey = XElement.Parse("<masterKey><value>c2VjcmV0LW1hc3Rlci1rZXktYnl0ZXM=</value></masterKey>");

    [Fact]
    public void The_same_secret_reads_back_the_element_and_the_stored_form_holds_none_of_it()
    {
        var encrypted = KeyRingCipher.Encrypt(MasterKey, Secret);
        var stored = encrypted.ToString();

        Assert.DoesNotContain("masterKey", stored);
        Assert.DoesNotContain("c2VjcmV0LW1hc3Rlci1rZXktYnl0ZXM=", stored);
        Assert.True(XNode.DeepEquals(MasterKey, KeyRingCipher.Decrypt(XElement.Parse(stored), Secret)));
    }

    [Fact]
    public void Each_encryption_uses_a_new_nonce()
    {
        Assert.NotEqual(KeyRingCipher.Encrypt(MasterKey, Secret).ToString(), KeyRingCipher.Encrypt(MasterKey, Secret).ToString());
    }

    [Fact]
    public void Another_secret_or_an_altered_element_is_refused()
    {
        var encrypted = KeyRingCipher.Encrypt(MasterKey, Secret);
        Assert.ThrowsAny<CryptographicException>(() => KeyRingCipher.Decrypt(encrypted, Secret + "x"));

        var altered = new XElement(encrypted);
        var ciphertext = altered.Elements().Single(e => e.Name.LocalName == "ciphertext");
        var bytes = Convert.FromBase64String(ciphertext.Value);
        bytes[0] ^= 1;
        ciphertext.Value = Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => KeyRingCipher.Decrypt(altered, Secret));

        Assert.ThrowsAny<CryptographicException>(() => KeyRingCipher.Decrypt(MasterKey, Secret));
    }

    /// <summary>The stored form is plain AES-256-GCM under HKDF-SHA256 of the secret, as documented: decrypted here without the cipher's code.</summary>
    [Fact]
    public void The_stored_form_is_aes_gcm_under_hkdf_of_the_secret()
    {
        var encrypted = KeyRingCipher.Encrypt(MasterKey, Secret);
        byte[] Part(string name) => Convert.FromBase64String(encrypted.Elements().Single(e => e.Name.LocalName == name).Value);

        var key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(Secret), 32, [], "cryptapp-admin key ring"u8.ToArray());
        var plaintext = new byte[Part("ciphertext").Length];
        using var aes = new AesGcm(key, 16);
        aes.Decrypt(Part("nonce"), Part("ciphertext"), Part("tag"), plaintext);

        Assert.Equal(MasterKey.ToString(SaveOptions.DisableFormatting), Encoding.UTF8.GetString(plaintext));
    }
}
