namespace CryptApp.AppHost.Cache;

/// <summary>
/// redis-server as an executable: consumers get <c>ConnectionStrings__cache=localhost:PORT</c>, the
/// same shape <c>AddRedisClient</c> reads from the container (minus password and TLS).
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)}");
}
