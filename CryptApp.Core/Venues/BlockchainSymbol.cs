namespace CryptApp.Core.Venues;

/// <summary>A market listed by the exchange's <c>/symbols</c>.</summary>
public sealed record BlockchainSymbol(string Symbol, string Status, string? BaseCurrency, string? CounterCurrency);
