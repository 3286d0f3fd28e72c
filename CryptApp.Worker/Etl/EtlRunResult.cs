namespace CryptApp.Worker.Etl;

/// <summary>A symbol that could not be collected in a run, and why.</summary>
public sealed record SymbolError(string Symbol, string Reason);

/// <summary>What one pass of CollectProcessCryptos did.</summary>
public sealed record EtlRunResult(
    string RunId,
    int SymbolsTotal,
    int SymbolsSucceeded,
    IReadOnlyList<SymbolError> Errors,
    int EntriesAccepted,
    int EntriesRejected,
    IReadOnlyList<string> Removed)
{
    public int SymbolsFailed => Errors.Count;
}
