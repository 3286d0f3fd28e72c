using System.Net;
using Garnet;
using Garnet.server;
using Microsoft.Extensions.Logging;

// A Redis-compatible server (Microsoft Garnet) for machines with neither a container runtime nor
// redis-server: the AppHost starts it when nothing else can provide the cache.
var port = int.Parse(Argument("--port") ?? "6379", System.Globalization.CultureInfo.InvariantCulture);

using var loggerFactory = LoggerFactory.Create(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
var options = new GarnetServerOptions
{
    EndPoints = [new IPEndPoint(IPAddress.Loopback, port)],
    // The cache stack (HybridCache tags, output-cache store) runs Lua scripts; LuaOptions must not be null.
    EnableLua = true,
    LuaOptions = new LuaOptions(),
    // Without it Garnet runs scripts without locking, interleaved: the job queue's transitions (one script
    // each) would no longer be atomic, and two Workers could both start a run. With it, a script holds
    // its declared keys until it ends.
    LuaTransactionMode = true,
    QuietMode = true,
};
// The AppHost passes a generated password; without one (run by hand) the server is open on loopback.
if (Environment.GetEnvironmentVariable("CACHE_PASSWORD") is { Length: > 0 } password)
{
    options.AuthSettings = new Garnet.server.Auth.Settings.PasswordAuthenticationSettings(password);
}

using var server = new GarnetServer(options, loggerFactory);
server.Start();
Console.WriteLine($"Embedded Redis-compatible server (Garnet) listening on 127.0.0.1:{port}");

var stopped = new TaskCompletionSource();
using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
    System.Runtime.InteropServices.PosixSignal.SIGTERM, context => { context.Cancel = true; stopped.TrySetResult(); });
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stopped.TrySetResult(); };
await stopped.Task;

string? Argument(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
