using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;

namespace CryptApp.Worker;

/// <summary>The Worker's one ActivitySource and one Meter, named after the service, and its instruments.</summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "CryptApp.Worker";

    private readonly Counter<long> _runs;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _symbolsFailed;
    private readonly Counter<long> _entriesRejected;
    private readonly Histogram<double> _upstreamDuration;

    public WorkerTelemetry(IMeterFactory meters)
    {
        Meter = meters.Create(Name);
        _runs = Meter.CreateCounter<long>("cryptapp.etl.runs", "{run}", "Finished ETL runs, by job and status");
        _runDuration = Meter.CreateHistogram<double>("cryptapp.etl.run.duration", "s", "Wall time of an ETL run");
        _symbolsFailed = Meter.CreateCounter<long>("cryptapp.etl.symbols.failed", "{symbol}", "Symbols that could not be collected");
        _entriesRejected = Meter.CreateCounter<long>("cryptapp.etl.entries.rejected", "{entry}", "Book entries left out as invalid");
        _upstreamDuration = Meter.CreateHistogram<double>(
            "cryptapp.exchange.request.duration", "s", "Duration of one request to a venue (each attempt, until its headers), by venue, route and status");
    }

    public ActivitySource Source { get; } = new(Name);

    public Meter Meter { get; }

    public void RunFinished(string job, RunStatus status, TimeSpan duration, RunCounts counts)
    {
        var tags = new TagList { { "job", job }, { "status", status.ToString() } };
        _runs.Add(1, tags);
        _runDuration.Record(duration.TotalSeconds, tags);
        _symbolsFailed.Add(counts.SymbolsFailed);
        _entriesRejected.Add(counts.EntriesRejected);
    }

    public void VenueRequest(string venue, string route, int? status, TimeSpan duration) =>
        _upstreamDuration.Record(
            duration.TotalSeconds, new TagList { { "venue", venue }, { "route", route }, { "status", status?.ToString(CultureInfo.InvariantCulture) ?? "error" } });

    public void Dispose() => Source.Dispose();
}
