using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>
    /// The client's address and scheme from <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c>, believed only
    /// from the proxies <paramref name="settings"/> picks out of the service's own (bound, validated) options.
    /// Pair with <c>app.UseForwardedHeaders()</c> first in the pipeline. The framework's own switch
    /// (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>) must stay off: it would read the headers a second time, and the
    /// second reading believes the hop the client wrote itself. A service started with it refuses to start.
    /// </summary>
    public static IServiceCollection AddTrustedForwardedHeaders<TOptions>(
        this IServiceCollection services, Func<TOptions, ForwardedHeadersSettings> settings)
        where TOptions : class
    {
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TOptions>, IConfiguration>((forwarded, options, configuration) =>
        {
            if (string.Equals(configuration[FrameworkSwitch], "true", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    "ASPNETCORE_FORWARDEDHEADERS_ENABLED is set, so forwarded headers would be read twice and a client could choose its own "
                    + "address. Unset it and list the proxies in the service's ForwardedHeaders settings (TrustAllProxies behind an ingress).");
            }

            var trusted = settings(options.Value);
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the hop in front of us: what a client wrote further left proves nothing.
            forwarded.ForwardLimit = 1;
            if (trusted.TrustAllProxies || trusted.KnownProxies.Length + trusted.KnownNetworks.Length > 0)
            {
                // Listed proxies replace the default (loopback): behind ingress, only the ingress may speak for clients.
                forwarded.KnownProxies.Clear();
                forwarded.KnownIPNetworks.Clear();
            }

            foreach (var proxy in trusted.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }

            foreach (var network in trusted.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return services;
    }

    private const string FrameworkSwitch = "FORWARDEDHEADERS_ENABLED";
}

/// <summary>
/// Which peers may say who the client is (<c>X-Forwarded-For</c>) and whether it came over HTTPS
/// (<c>X-Forwarded-Proto</c>). A header from any other peer is ignored, so a client can choose neither its
/// own rate-limit or lockout partition nor pass for HTTPS.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    /// <summary>
    /// Every peer is a proxy: for a deployment whose ingress is the only way in and has no fixed address (Azure
    /// Container Apps). The AppHost sets it when it publishes; never where clients reach the service directly.
    /// </summary>
    public bool TrustAllProxies { get; set; }

    /// <summary>Proxy addresses, e.g. <c>10.0.0.4</c>. With none listed (here or in networks), loopback is the trusted proxy.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Proxy networks in CIDR form, e.g. the Container Apps environment's infrastructure subnet <c>10.0.0.0/23</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}
