using System.Text.Json;

namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>
/// The original system's figures from pandas itself (<c>pandas_oracle.py</c>), never from our code: the
/// tests' proof that we compute them bit for bit. Python is Debian's (<c>python3-pandas</c>), else any
/// <c>python3</c> on PATH that imports pandas; without one the calling test is skipped, saying what to install
/// (see <see cref="Prerequisite"/>).
/// </summary>
public static class PandasOracle
{
    public const string Missing = "No python3 that imports pandas: neither /usr/bin/python3 nor a python3 on PATH.";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<Task<string?>> Python = new(FindPythonAsync);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Runs pandas over L3 bodies given as JSON text; Python parses the same text we do.</summary>
    public static async Task<OracleAnswer> ComputeAsync(IReadOnlyList<string> bodies, CancellationToken cancellationToken)
    {
        var python = await FindAsync();
        if (python is null)
        {
            Prerequisite.Pandas.Missing(Missing);
        }

        var input = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, "[" + string.Join(",", bodies) + "]", cancellationToken);
            var script = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Oracle", "pandas_oracle.py");
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

    /// <summary>The python3 that imports pandas, or null where there is none.</summary>
    public static Task<string?> FindAsync() => Python.Value;

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
