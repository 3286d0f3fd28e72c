using System.Diagnostics;

namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>Runs a Python oracle as a bounded child process, killed with its tree when it overruns.</summary>
public static class PythonRunner
{
    public static async Task<(int ExitCode, string Stderr)> RunAsync(
        string fileName, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName, arguments) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish within {timeout}; killed PID {process.Id}.", ex);
        }

        await stdout;
        return (process.ExitCode, await stderr);
    }
}
