using BenchmarkDotNet.Running;
using CryptApp.Benchmarks;

// dotnet run -c Release --project CryptApp.Benchmarks -- --filter '*'      BenchmarkDotNet suites
// dotnet run -c Release --project CryptApp.Benchmarks -- load [seconds] [rounds] [baseline CryptApp.Api.dll]    wrk load run against the Api (and a baseline build side by side)
// dotnet run -c Release --project CryptApp.Benchmarks -- memory [symbols] [orders]    resident memory of an ETL run
// dotnet run -c Release --project CryptApp.Benchmarks -- storage [markets] [days] [interval seconds]    Redis memory of markets and their history
// dotnet run -c Release --project CryptApp.Benchmarks -- deltas [count] [levels]    per-delta cost of a live book, and its rate on one thread
// dotnet run -c Release --project CryptApp.Benchmarks -- age [seconds] [pushes a second]    age of what the Api serves for a live book
// dotnet run -c Release --project CryptApp.Benchmarks -- soak [minutes] [books] [pushes a second]    Worker memory while streaming many books
// dotnet run -c Release --project CryptApp.Benchmarks -- fanout [seconds] [clients] [markets] [writes a second] [replicas] [levels] [maxRate] [CryptApp.Api.dll]    stream clients of the Api
if (args.Length > 0 && args[0] == "load")
{
    return await LoadRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "memory")
{
    return await MemoryRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "storage")
{
    return await StorageSizeRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "deltas")
{
    return await LiveBookRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "age")
{
    return await AgeRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "soak")
{
    return await SoakRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "fanout")
{
    return await FanoutRun.RunAsync(args);
}

if (args.Length > 0 && args[0] == "exchange")
{
    return await MemoryRun.ServeBlockchainAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ParseAndMetricsBenchmarks).Assembly).Run(args);
return 0;
