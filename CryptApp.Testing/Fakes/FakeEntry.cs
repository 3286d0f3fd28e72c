namespace CryptApp.Testing.Fakes;

/// <summary>An order as the exchange writes it: px and qty exactly as their JSON text.</summary>
public sealed record FakeEntry(string Px, string Qty, long Num);
