namespace CryptApp.AppHost.Cache;

/// <summary>
/// redis-server as an executable: consumers get <c>ConnectionStrings__cache=localhost:PORT,password=…</c>,
/// the shape <c>AddRedisClient</c> reads from the container (minus TLS).
/// </summary>
public sealed class RedisServerResource(string name, string command, string workingDirectory, ParameterResource password)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    private EndpointReference? _endpoint;

    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    public ParameterResource Password => password;

    public ReferenceExpression ConnectionStringExpression =>
        ReferenceExpression.Create($"{Endpoint.Property(EndpointProperty.HostAndPort)},password={Password}");
}
