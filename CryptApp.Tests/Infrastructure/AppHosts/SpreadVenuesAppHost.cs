namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// Every venue collected by two Worker replicas, whose leases lapse within seconds. The claim grace is long,
/// so a run spreads by the fair-share rule alone, never because a loaded machine let one replica take the rest.
/// </summary>
public class SpreadVenuesAppHost : VenuesAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    protected override IEnumerable<string> ExtraArgs =>
    [
        .. base.ExtraArgs,
        "--Worker:Replicas=2",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PartClaimGrace=00:00:10",
        "--Jobs:PollInterval=00:00:00.100",
    ];
}
