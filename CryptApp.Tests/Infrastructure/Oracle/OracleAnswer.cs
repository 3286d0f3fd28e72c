using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptApp.Tests.Infrastructure.Oracle;

public sealed record OracleAnswer(string Pandas, string Numpy, IReadOnlyList<OracleBook> Books);
