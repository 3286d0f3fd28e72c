namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// One kept-alive client per Api replica. The proxy in front of the replicas balances connections, not
/// requests: new single-connection clients until each replica has one, told apart by the instance header.
/// </summary>
public sealed class ApiReplicas : IDisposable
{
    private readonly Dictionary<string, HttpClient> _clients = [];

    public IReadOnlyCollection<HttpClient> Clients => _clients.Values;

    public static async Task<ApiReplicas> ConnectAsync(CryptAppHost host, int count, CancellationToken ct)
    {
        var replicas = new ApiReplicas();
        for (var attempt = 0; attempt < 20 && replicas._clients.Count < count; attempt++)
        {
            var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = host.Api.BaseAddress, Timeout = Timeouts.Request };
            using var health = await client.GetAsync("/tools/health", ct);
            if (!replicas._clients.TryAdd(health.Headers.GetValues("X-CryptApp-Instance").Single(), client))
            {
                client.Dispose();
            }
        }

        Assert.Equal(count, replicas._clients.Count);
        return replicas;
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
