using System.Globalization;
using DotnetLive.Bench;
using DotnetLive.Testing;

if (args.Contains("--matrix"))
{
    // --matrix [--targets local,docker,kubernetes] [--templates webapp,blazor,…]
    string[] Option(string name, string[] fallback) => Array.IndexOf(args, name) is var at and >= 0 && at + 1 < args.Length ? args[at + 1].Split(',') : fallback;
    return await MatrixRun.RunAsync(Option("--targets", ["local", "docker", "kubernetes"]), Option("--templates", []));
}

if (args.Contains("--edit-kinds"))
{
    // --edit-kinds [--targets local,docker] [--edits N]: method body, rude edits and top-level statements, every way of working.
    var rounds = Array.IndexOf(args, "--edits") is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 5;
    var kindTargets = Array.IndexOf(args, "--targets") is var t and >= 0 && t + 1 < args.Length ? args[t + 1].Split(',') : ["local", "docker"];
    return await EditKindsRun.RunAsync(kindTargets, rounds);
}

if (args.Contains("--container-recipes"))
{
    // --container-recipes [--rounds N]: the docker target on the default base image, a Dockerfile's base stage and the container properties.
    var rounds = Array.IndexOf(args, "--rounds") is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 3;
    return await ContainerRecipesRun.RunAsync(rounds);
}

if (args.Contains("--solution"))
{
    // --solution [--edits N]: a shared-library edit in a solution of three services, one session against one service and three processes.
    var count = Array.IndexOf(args, "--edits") is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 10;
    return await SolutionRun.RunAsync(count);
}

if (args.Contains("--dashboard"))
{
    // --dashboard [--edits N] [--rounds R]: the Aspire dashboard's cost, sessions with it and with --no-dashboard, alternating.
    var count = Array.IndexOf(args, "--edits") is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 10;
    var rounds = Array.IndexOf(args, "--rounds") is var r and >= 0 && r + 1 < args.Length && int.TryParse(args[r + 1], CultureInfo.InvariantCulture, out var m) ? m : 2;
    return await DashboardRun.RunAsync(count, rounds);
}

if (args.Contains("--razor-pages"))
{
    // Razor Pages in a container, default mode: .cshtml and css edits against dotnet watch locally and the vanilla docker loop.
    var count = Array.IndexOf(args, "--edits") is var at and >= 0 && at + 1 < args.Length && int.TryParse(args[at + 1], CultureInfo.InvariantCulture, out var n) ? n : 10;
    Console.WriteLine($"dotnet-live benchmark: dotnet new webapp, {count} .cshtml edits then {count} css edits per way of working, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
    var live = await RazorPagesRun.LiveAsync(count);
    var watch = await RazorPagesRun.DotnetWatchAsync(count);
    var vanilla = await RazorPagesRun.VanillaAsync(count);
    Report.Compare("webapp, .cshtml edit", live.Markup, watch.Markup);
    Report.Compare("webapp, .cshtml edit", live.Markup, vanilla.Markup);
    Report.Compare("webapp, css edit", live.Css, watch.Css);
    Report.Compare("webapp, css edit", live.Css, vanilla.Css);
    return 0;
}

var edits = 10;
var soak = 0;
var soakHotReload = false;
var targets = new[] { "local", "docker", "kubernetes", "build-in-cluster" };
var replicas = 2;
for (var i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--edits" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: edits = n; break;
        case "--targets": targets = args[i + 1].Split(','); break;
        case "--soak" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: soak = n; break;
        case "--soak-hot-reload" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: soak = n; soakHotReload = true; break;
        case "--replicas" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0: replicas = n; break;
        default: Console.Error.WriteLine("usage: DotnetLive.Bench [--edits N] [--targets local,docker,kubernetes,build-in-cluster] [--replicas N] | --soak N | --soak-hot-reload N | --matrix [--targets …] [--templates webapp,…] | --razor-pages [--edits N] | --edit-kinds [--targets local,docker] [--edits N] | --container-recipes [--rounds N] | --solution [--edits N]"); return 2;
    }
}

if (soak > 0)
{
    return await SoakRun.RunAsync(soak, soakHotReload);
}

Console.WriteLine($"dotnet-live benchmark: {edits} one-line edits per way of working, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd}");
Console.WriteLine("settings:");
Console.WriteLine("  dotnet-live: MSBuild in the tool's process (in-proc node), UseSharedCompilation=true (compiler server)");
Console.WriteLine("  baselines:   dotnet build / publish with a laptop's defaults (unset: " + string.Join(", ", BaselineRun.MachineOnlySettings) + ")");
Console.WriteLine("  this machine sets: " + string.Join(", ", BaselineRun.MachineOnlySettings.Select(s => $"{s}={Environment.GetEnvironmentVariable(s) ?? "(unset)"}")));

if (targets.Contains("local"))
{
    Report.Compare("samples/WebApi, local", await LiveRun.RunAsync("WebApi", edits, "local"), await BaselineRun.RunAsync("WebApi", edits));
}

// Hot Reload: into the container (or locally) against the SDK's own dotnet watch on a local app.
var watchBaseline = targets.Contains("local") || targets.Contains("docker") ? await DotnetWatchRun.RunAsync("WebApi", edits) : null;
if (targets.Contains("local"))
{
    Report.Compare("samples/WebApi, hot reload", await LiveRun.RunAsync("WebApi", edits, "local", hotReload: true), watchBaseline!);
}

if (targets.Contains("docker"))
{
    try
    {
        await DockerCli.RunAsync("info", "--format", "{{.ServerVersion}}");
    }
    catch (InvalidOperationException e)
    {
        Console.WriteLine($"\ndocker: not measured, the engine does not answer ({e.Message.Trim()}); scripts/start-docker.sh starts it");
        return 1;
    }

    var dockerHotReload = await LiveRun.RunAsync("WebApi", edits, "docker", hotReload: true);
    Report.Compare("samples/WebApi, hot reload", dockerHotReload, watchBaseline!);

    // The tiny sample, and one with the dependencies a real API has (its output is 40 MB).
    foreach (var sample in new[] { "WebApi", "TodoApi" })
    {
        var restart = await LiveRun.RunAsync(sample, edits, "docker");
        Report.Compare($"samples/{sample}, docker", restart, await DockerVanillaRun.RunAsync(sample, edits));
        if (sample == "WebApi")
        {
            Report.Compare("samples/WebApi, docker", dockerHotReload, restart);
        }
    }
}

if (targets.Contains("kubernetes"))
{
    // Against the tests' fake API server (no cluster here), whose pods are real containers; the registry is real.
    await using var cluster = await DotnetLive.Testing.FakeKubernetes.FakeCluster.StartAsync();
    Report.Compare($"samples/WebApi, kubernetes", await KubernetesRun.LiveAsync(cluster, edits, replicas), await KubernetesRun.VanillaAsync(cluster, edits, replicas));
}

if (targets.Contains("build-in-cluster"))
{
    // Build in the cluster against building here (docker target, restart path), same edits.
    var (localEdit, localReference) = await BuildInClusterRun.RunAsync("local", edits);
    var (clusterEdit, clusterReference) = await BuildInClusterRun.RunAsync("cluster", edits);
    Report.Compare("WebApi, (a) one-line edit", clusterEdit, localEdit);
    Report.Compare("WebApi, (b) new reference", clusterReference, localReference);
}

return 0;
