namespace CryptApp.Core.Exchanges;

/// <summary>A market listed by the exchange's <c>/symbols</c>.</summary>
public sealed record ExchangeSymbol(string Symbol, string Status, string? BaseCurrency, string? CounterCurrency);
