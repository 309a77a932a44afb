namespace DotnetLive.Testing;

/// <summary>The docker CLI, for tests and the benchmark to look at (and to do what a user without dotnet-live does).</summary>
internal static class DockerCli
{
    public static async Task<string> RunAsync(params string[] arguments)
    {
        var info = new System.Diagnostics.ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = System.Diagnostics.Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException($"docker {string.Join(' ', arguments)} failed: {await errors}");
    }

    /// <summary>Ids of the containers (running or not) dotnet-live made for the project at <paramref name="projectPath"/>.</summary>
    public static async Task<string[]> ContainersOfAsync(string projectPath) =>
        (await RunAsync("ps", "-a", "-q", "--no-trunc", "--filter", $"label=dev.dotnet-live.project-path={projectPath}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<string[]> NetworksOfAsync(string projectPath) =>
        (await RunAsync("network", "ls", "-q", "--filter", $"label=dev.dotnet-live.project-path={projectPath}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public static async Task<string[]> ImagesOfAsync(string projectPath) =>
        (await RunAsync("images", "-q", "--filter", $"label=dev.dotnet-live.project-path={projectPath}")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
