using BenchmarkDotNet.Running;

// dotnet run -c Release --project CryptApp.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(CryptApp.Benchmarks.ParseAndMetricsBenchmarks).Assembly).Run(args);
