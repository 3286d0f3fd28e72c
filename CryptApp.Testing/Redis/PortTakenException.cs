namespace CryptApp.Testing.Redis;

/// <summary>The port chosen for a server was served by another process when the server came up.</summary>
public sealed class PortTakenException(string message) : Exception(message);
