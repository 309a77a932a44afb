using DotnetLive.Testing;
using k8s;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.RealCluster;

/// <summary>
/// End to end on a real cluster (kind, k3d, …) with a registry it pulls from: deploy, an edit served by
/// every pod without a restart of the pod, a deleted pod resynced, `down`. Run by hand; see the README.
/// </summary>
[Collection(Integration.IntegrationCollection.Name)]
public sealed class RealClusterTests
{
    [RealClusterFact]
    public async Task WebApi_is_deployed_updated_in_place_resynced_after_a_pod_is_deleted_and_removed()
    {
        var environment = new Dictionary<string, string> { ["KUBECONFIG"] = Environment.GetEnvironmentVariable(RealClusterFactAttribute.KubeconfigVariable)! };
        var registry = Environment.GetEnvironmentVariable(RealClusterFactAttribute.RegistryVariable) is { Length: > 0 } r ? r : "localhost:5000";
        var ns = Environment.GetEnvironmentVariable(RealClusterFactAttribute.NamespaceVariable) is { Length: > 0 } n ? n : "default";
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        string[] target = ["--target", "kubernetes", "--namespace", ns, "--property", "LiveRegistry=" + registry];
        try
        {
            await using var tool = ToolRun.Start(sample.Directory, environment, [.. target, "--property", "LiveReplicas=2", "--verbose"]);
            await tool.WaitDeployedAsync(600);
            await Http.WaitForTextAsync(sample.Url(), "Hello from dotnet-live!");
            var ready = tool.Output.Lines.Last(l => l.Contains("pod(s) ready: ", StringComparison.Ordinal));
            ready.ShouldContain("2 pod(s) ready");

            var mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello from a real cluster!");
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 300);
            tool.Output.Lines.Skip(mark).Count(l => l.Contains("  pod ", StringComparison.Ordinal) && l.Contains(" file(s), ", StringComparison.Ordinal)).ShouldBe(2);
            await Http.WaitForTextAsync(sample.Url(), "Hello from a real cluster!");

            // `kubectl delete pod`: the Deployment's replacement starts with the image's binaries, and is synced.
            mark = tool.Output.Count;
            using (var client = new k8s.Kubernetes(k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(environment["KUBECONFIG"])))
            {
                var pods = await client.CoreV1.ListNamespacedPodAsync(ns, labelSelector: "app.kubernetes.io/name=webapi");
                await client.CoreV1.DeleteNamespacedPodAsync(pods.Items[0].Metadata.Name, ns);
            }

            await tool.WaitAsync("the resync of the new pod", l => l.Contains("pods changed; the new ones synced"), mark, 300);
            await Http.WaitForTextAsync(sample.Url(), "Hello from a real cluster!");

            (await tool.StopAsync()).ShouldBe(0);
        }
        finally
        {
            await using var down = ToolRun.Start(sample.Directory, environment, "down");
            (await down.ExitCodeAsync(300)).ShouldBe(0, down.Transcript);
        }
    }
}
