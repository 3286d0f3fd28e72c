using BenchmarkDotNet.Running;
using CryptApp.Benchmarks;

// dotnet run -c Release --project CryptApp.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project CryptApp.Benchmarks -- load [seconds] [rounds]    wrk load run against the Api
if (args.Length > 0 && args[0] == "load")
{
    return await LoadRun.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ParseAndMetricsBenchmarks).Assembly).Run(args);
return 0;
