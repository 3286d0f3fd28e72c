using CryptApp.Contracts;
using Microsoft.Extensions.DependencyModel;

namespace CryptApp.UnitTests;

/// <summary>The wire contract stays dependency-free, so a client (the Admin) takes nothing of the Api's along.</summary>
public sealed class ContractsDependencyTests
{
    [Fact]
    public void Contracts_reference_only_the_base_class_library()
    {
        var references = typeof(PagedList<>).Assembly.GetReferencedAssemblies().Select(a => a.Name!);

        Assert.All(references, name => Assert.True(name is "netstandard" or "System" || name.StartsWith("System.", StringComparison.Ordinal), $"{name} is not the BCL"));
    }

    [Fact]
    public void Contracts_have_no_package_or_project_dependencies()
    {
        // A reference the code does not use yet still flows to every client: the dependency graph sees it, reflection does not.
        var contracts = Assert.Single(DependencyContext.Default!.RuntimeLibraries, l => l.Name == typeof(PagedList<>).Assembly.GetName().Name);

        Assert.Empty(contracts.Dependencies);
    }
}
