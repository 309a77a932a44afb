using System.Diagnostics;
using System.Globalization;
using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using k8s;
using k8s.Models;

namespace DotnetLive.Bench;

/// <summary>
/// The kubernetes target against the tests' fake API server, whose pods are real containers pulled
/// from the real registry on 127.0.0.1:5000. An edit counts as served when every replica serves it.
/// The baseline is the loop without dotnet-live: publish, `docker build`, `docker push`, apply the
/// Deployment with the new tag, wait for the new pods to serve.
/// </summary>
internal static class KubernetesRun
{
    private const string Registry = "127.0.0.1:5000";

    public static async Task<RunResult> LiveAsync(FakeCluster cluster, int edits, int replicas)
    {
        var result = new RunResult($"dotnet-live (kubernetes, {replicas} pods)");
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = cluster.WriteKubeconfig(sample.Root.Path, "bench-live") };
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, environment, "--target", "kubernetes", "--property", "LiveRegistry=" + Registry, "--property", "LiveReplicas=" + replicas.ToString(CultureInfo.InvariantCulture));
            await tool.WaitDeployedAsync();
            for (var i = 1; i <= edits; i++)
            {
                var mark = tool.Output.Count;
                var text = $"live edit {i}";
                var clock = Stopwatch.StartNew();
                Samples.SetGreeting(sample, text);
                foreach (var pod in cluster.Pods("bench-live"))
                {
                    await PodHttp.WaitForTextAsync(cluster, pod, text, 120);
                }

                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
                var index = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 60);
                var numbers = LiveRun.UpdateLine().Match(tool.Output.Lines[index]);
                result.Build.Add(double.Parse(numbers.Groups["build"].Value, CultureInfo.InvariantCulture));
                result.Restart.Add(double.Parse(numbers.Groups["restart"].Value, CultureInfo.InvariantCulture));
                result.BytesShipped.Add(double.Parse(numbers.Groups["bytes"].Value, CultureInfo.InvariantCulture) * replicas);
            }

            result.PeakMegabytes["tool"] = ProcessMemory.PeakMegabytes(tool.Pid);
            result.Notes.Add($"bytes per edit: what went to all {replicas} pods together");
            await tool.StopAsync();
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, environment, "down");
            await down.ExitCodeAsync();
        }

        return result;
    }

    public static async Task<RunResult> VanillaAsync(FakeCluster cluster, int edits, int replicas)
    {
        var result = new RunResult("publish + build + push + rollout");
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var repository = $"{Registry}/bench/webapi-{Path.GetFileName(sample.Root.Path).ToLowerInvariant()}";
        File.WriteAllText(sample.PathOf("Dockerfile"), $"FROM {DockerVanillaRun.BaseImage}\nWORKDIR /app\nCOPY pub/ /app/\nENTRYPOINT [\"dotnet\", \"WebApi.dll\"]\n");
        File.WriteAllText(sample.PathOf(".dockerignore"), "bin/\nobj/\n");
        var baseLayers = (await DockerCli.RunAsync("history", "-q", DockerVanillaRun.BaseImage)).Split('\n').Length;
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(cluster.WriteKubeconfig(sample.Root.Path, "bench-vanilla")));
        try
        {
            await ReleaseAsync(sample, client, cluster, repository, 0, replicas, "Hello from dotnet-live!");
            for (var i = 1; i <= edits; i++)
            {
                var text = $"vanilla edit {i}";
                var clock = Stopwatch.StartNew();
                Samples.SetGreeting(sample, text);
                var built = await ReleaseAsync(sample, client, cluster, repository, i, replicas, text);
                result.EditToServing.Add(clock.Elapsed.TotalMilliseconds);
                result.Build.Add(built.TotalMilliseconds);
                result.Restart.Add((clock.Elapsed - built).TotalMilliseconds);
                result.BytesShipped.Add(await DockerVanillaRun.AppLayerBytesAsync($"{repository}:{i}", baseLayers));
            }
        }
        finally
        {
            await client.AppsV1.DeleteNamespacedDeploymentAsync("webapi", "bench-vanilla");
            for (var i = 0; i <= edits; i++)
            {
                await DockerCli.RunAsync("rmi", "-f", $"{repository}:{i.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        return result;
    }

    /// <summary>Publish, build, push, apply with the new tag; returns how long the image took, and waits until every new pod serves.</summary>
    private static async Task<TimeSpan> ReleaseAsync(SampleCopy sample, Kubernetes client, FakeCluster cluster, string repository, int release, int replicas, string text)
    {
        var clock = Stopwatch.StartNew();
        var (exitCode, output) = await DotnetCli.RunAsync(sample.Directory, ["publish", "-c", "Debug", "-o", "pub"], BaselineRun.MachineOnlySettings.ToDictionary(s => s, _ => (string?)null));
        if (exitCode != 0)
        {
            throw new InvalidOperationException("dotnet publish failed:\n" + output);
        }

        var image = $"{repository}:{release.ToString(CultureInfo.InvariantCulture)}";
        await DockerCli.RunAsync("build", "-q", "-t", image, sample.Directory);
        await DockerCli.RunAsync("push", "-q", image);
        var built = clock.Elapsed;

        var labels = new Dictionary<string, string> { ["app"] = "webapi" };
        var deployment = new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = new V1ObjectMeta { Name = "webapi", NamespaceProperty = "bench-vanilla" },
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas,
                Selector = new V1LabelSelector { MatchLabels = labels },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = labels },
                    Spec = new V1PodSpec { Containers = [new V1Container { Name = "webapi", Image = image, Ports = [new V1ContainerPort { ContainerPort = 8080 }] }] },
                },
            },
        };
        await client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(deployment, V1Patch.PatchType.ApplyPatch), "webapi", "bench-vanilla", fieldManager: "bench", force: true);

        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var pods = cluster.Pods("bench-vanilla").Where(p => p.Spec.Containers[0].Image == image).ToList();
            if (pods.Count == replicas && pods.All(p => p.SandboxPid > 0))
            {
                foreach (var pod in pods)
                {
                    await PodHttp.WaitForTextAsync(cluster, pod, text, 120);
                }

                return built;
            }

            if (deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException($"the rollout of {image} did not make {replicas} pods");
            }

            await Task.Delay(10);
        }
    }
}
