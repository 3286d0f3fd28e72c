namespace CryptApp.Tests.Infrastructure.Oracle;

public sealed record OracleBook(OracleSide Bids, OracleSide Asks);
