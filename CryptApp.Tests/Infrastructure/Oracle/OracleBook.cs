using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptApp.Tests.Infrastructure.Oracle;

public sealed record OracleBook(OracleSide Bids, OracleSide Asks);
