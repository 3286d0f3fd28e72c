namespace CryptApp.Tests.Infrastructure.Oracle;

public sealed record OracleAnswer(string Pandas, string Numpy, IReadOnlyList<OracleBook> Books);
