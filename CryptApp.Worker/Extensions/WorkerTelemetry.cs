using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CryptApp.Worker;

/// <summary>The Worker's one ActivitySource and one Meter, named after the service.</summary>
public sealed class WorkerTelemetry : IDisposable
{
    public const string Name = "CryptApp.Worker";

    public WorkerTelemetry(IMeterFactory meters)
    {
        Meter = meters.Create(Name);
    }

    public ActivitySource Source { get; } = new(Name);

    public Meter Meter { get; }

    public void Dispose() => Source.Dispose();
}
