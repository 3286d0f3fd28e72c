using System.Globalization;
using System.Runtime.InteropServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The AppHost's Redis as an OS process: paused with SIGSTOP it accepts connections and answers nothing,
/// a hung server, whichever server runs it (redis-server or the embedded one, which lacks CLIENT PAUSE).
/// </summary>
internal static partial class CacheServerProcess
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    /// <summary>Hangs the cache server until the returned handle is disposed.</summary>
    public static async Task<IDisposable> PauseAsync(DistributedApplication app, CancellationToken ct)
    {
        // A project resource may run under a launcher (dotnet run): the server is then its child.
        var tree = Tree(Pid(app, TestRedis.Kind == TestRedisKind.RedisServer ? "cache" : "cache-server")).ToList();
        foreach (var pid in tree)
        {
            Signal(pid, SigStop);
        }

        // SIGSTOP is delivered asynchronously: until every thread shows 'T' the server may still answer.
        await Eventually.That(
            () => tree.All(Stopped), Timeouts.Process, () => $"the cache server ({string.Join(", ", tree)}) to stop", ct, TimeSpan.FromMilliseconds(5));

        return new Resume(tree);
    }

    private static IEnumerable<int> Tree(int pid)
    {
        yield return pid;
        var tasks = new DirectoryInfo($"/proc/{pid}/task");
        var children = tasks.Exists
            ? tasks.EnumerateDirectories().SelectMany(task => ReadChildren(Path.Combine(task.FullName, "children")))
            : [];
        foreach (var child in children.Distinct().ToList().SelectMany(Tree))
        {
            yield return child;
        }
    }

    private static bool Stopped(int pid) =>
        new DirectoryInfo($"/proc/{pid}/task").EnumerateDirectories()
            .All(task => ReadState(Path.Combine(task.FullName, "stat")) is 'T' or 't' or null);

    /// <summary>The state letter after the parenthesised command name (which may itself hold spaces); null once the thread is gone.</summary>
    private static char? ReadState(string stat)
    {
        try
        {
            var text = File.ReadAllText(stat);
            return text[text.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<int> ReadChildren(string file) =>
        File.Exists(file)
            ? File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture))
            : [];

    private static int Pid(DistributedApplication app, string resource)
    {
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();
        return notifications.TryGetCurrentState(resource, out var state)
               && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"The AppHost reports no process id for '{resource}'.");
    }

    private static void Signal(int pid, int signal)
    {
        if (Kill(pid, signal) != 0)
        {
            throw new InvalidOperationException($"kill({pid}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private sealed class Resume(IReadOnlyList<int> tree) : IDisposable
    {
        public void Dispose()
        {
            foreach (var pid in tree)
            {
                Signal(pid, SigCont);
            }
        }
    }
}
