namespace CryptApp.Testing;

/// <summary>Finds programs the tests start, the way a shell would.</summary>
public static class Executables
{
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);

    public static string Require(string name, string install) =>
        Find(name) ?? throw new InvalidOperationException($"{name} is not on PATH: {install}.");

    /// <summary>A project's build output next to the tests' own, e.g. the embedded Redis server's dll.</summary>
    public static string ProjectOutput(string project)
    {
        // The tests run from <repo>/<TestProject>/bin/<Configuration>/<tfm>/.
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = output.Name;
        var configuration = output.Parent!.Name;
        var root = output;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "CryptApp.sln")))
        {
            root = root.Parent;
        }

        var dll = root is null ? null : Path.Combine(root.FullName, project, "bin", configuration, tfm, $"{project}.dll");
        return dll is not null && File.Exists(dll)
            ? dll
            : throw new InvalidOperationException($"{project}.dll was not found under the repository's {project}/bin/{configuration}/{tfm}: build the solution first (dotnet build).");
    }
}
