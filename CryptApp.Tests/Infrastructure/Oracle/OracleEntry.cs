namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>An entry as pandas reports it; the floats are the int64 bits of their float64.</summary>
public sealed record OracleEntry(long Px, long Qty, long Num, long Value);
