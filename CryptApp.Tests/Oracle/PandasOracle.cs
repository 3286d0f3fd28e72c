using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CryptApp.Tests.Oracle;

/// <summary>An entry as pandas reports it; the floats are the int64 bits of their float64.</summary>
public sealed record OracleEntry(long Px, long Qty, long Num, long Value);

/// <summary>One side's figures as the original computed them, and the px and qty Python parsed.</summary>
public sealed record OracleSide(
    int Count,
    long[] Px,
    long[] Qty,
    [property: JsonPropertyName("total_qty")] long TotalQty,
    [property: JsonPropertyName("total_px")] long TotalPx,
    [property: JsonPropertyName("total_value")] long TotalValue,
    [property: JsonPropertyName("average_value")] long AverageValue,
    [property: JsonPropertyName("greater_value")] OracleEntry? GreaterValue,
    [property: JsonPropertyName("lesser_value")] OracleEntry? LesserValue);

public sealed record OracleBook(OracleSide Bids, OracleSide Asks);

public sealed record OracleAnswer(string Pandas, string Numpy, IReadOnlyList<OracleBook> Books);

/// <summary>
/// The original system's figures from pandas itself (<c>pandas_oracle.py</c>), never from our code: the
/// tests' proof that we compute them bit for bit. Python is Debian's (<c>python3-pandas</c>), else any
/// <c>python3</c> on PATH that imports pandas; without one the calling test fails, saying what to install.
/// </summary>
public static class PandasOracle
{
    public const string Missing = "No python3 with pandas found: install Debian python3-pandas (apt-get install -y python3-pandas).";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task<string?>> Python = new(FindPythonAsync);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs pandas over L3 bodies given as JSON text; Python parses the same text we do.</summary>
    public static async Task<OracleAnswer> ComputeAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var python = await Python.Value ?? throw new InvalidOperationException(Missing);
        var input = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, "[" + string.Join(",", bodies) + "]", cancellationToken);
            var script = Path.Combine(AppContext.BaseDirectory, "Oracle", "pandas_oracle.py");
            var (exitCode, stderr) = await PythonRunner.RunAsync(python, [script, input, output], RunTimeout, cancellationToken);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{python} {script} failed ({exitCode}): {stderr}");
            }

            await using var answer = File.OpenRead(output);
            return await JsonSerializer.DeserializeAsync<OracleAnswer>(answer, Json, cancellationToken)
                   ?? throw new InvalidOperationException("pandas oracle wrote no answer");
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private static async Task<string?> FindPythonAsync()
    {
        var onPath = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(directory => Path.Combine(directory, "python3"));
        foreach (var candidate in new[] { "/usr/bin/python3" }.Concat(onPath).Where(File.Exists).Distinct())
        {
            var (exitCode, _) = await PythonRunner.RunAsync(candidate, ["-c", "import pandas"], ProbeTimeout, CancellationToken.None);
            if (exitCode == 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
