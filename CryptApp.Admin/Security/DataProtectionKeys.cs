namespace CryptApp.Admin.Security;

/// <summary>Where the Admin's Data Protection key ring lives, shared by its replicas and kept across restarts.</summary>
public static class DataProtectionKeys
{
    /// <summary>
    /// Redis list of key XML elements, in the <c>cryptapp:</c> layout of <c>CryptApp.Core.Storage.RedisKeys</c>
    /// (the Admin does not reference Core); one key, its own hash tag.
    /// </summary>
    public const string RedisKey = "cryptapp:{admin}:data-protection-keys";

    /// <summary>Names the ring: the same on every replica and after a move to another content root.</summary>
    public const string ApplicationName = "cryptapp-admin";
}
