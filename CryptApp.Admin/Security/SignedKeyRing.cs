using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CryptApp.Admin.Security;

/// <summary>
/// A key ring only the Admin can write: every key element it stores is signed (HMAC-SHA256 under a key derived from
/// <c>Admin:KeyRingSecret</c>), and on reading, an element without a valid signature (written by anyone else who can
/// write Redis: a plaintext key planted to forge a sign-in cookie, or a key altered) is ignored and logged. Encryption
/// (<see cref="KeyRingCipher"/>) keeps the keys secret; the signature keeps them the Admin's.
/// </summary>
public sealed partial class SignedKeyRing(IXmlRepository inner, string secret, ILogger<SignedKeyRing> logger) : IXmlRepository
{
    private static readonly XName Signed = XName.Get("signedKey", "https://github.com/cryptapp/key-ring/signed");

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var keys = new List<XElement>();
        foreach (var element in inner.GetAllElements())
        {
            if (Verified(element) is { } key)
            {
                keys.Add(key);
            }
            else
            {
                LogIgnored((string?)element.Attribute("id") ?? "?", element.Name.LocalName);
            }
        }

        return keys;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        // The key travels as the very text that is signed, so no XML rewriting on the way can break the signature.
        var text = element.ToString(SaveOptions.DisableFormatting);
        inner.StoreElement(new XElement(Signed, new XAttribute("mac", Convert.ToBase64String(Mac(text))), new XCData(text)), friendlyName);
    }

    private XElement? Verified(XElement stored)
    {
        if (stored.Name != Signed || (string?)stored.Attribute("mac") is not { } mac)
        {
            return null;
        }

        byte[] claimed;
        try
        {
            claimed = Convert.FromBase64String(mac);
        }
        catch (FormatException)
        {
            return null;
        }

        var text = stored.Value;
        if (!CryptographicOperations.FixedTimeEquals(claimed, Mac(text)))
        {
            return null;
        }

        try
        {
            return XElement.Parse(text);
        }
        catch (System.Xml.XmlException)
        {
            return null;
        }
    }

    private byte[] Mac(string key)
    {
        var text = Encoding.UTF8.GetBytes(key);
        byte[] mac = [];
        KeyRingCipher.WithKey(secret, "cryptapp-admin key ring signature"u8, k => mac = HMACSHA256.HashData(k, text));
        return mac;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Data Protection key {KeyId} ({Element}) ignored: it is not signed by this Admin's key-ring secret")]
    private partial void LogIgnored(string keyId, string element);
}
