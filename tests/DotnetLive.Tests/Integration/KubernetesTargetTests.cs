using System.Text;
using System.Text.Json.Nodes;
using DotnetLive.Testing;
using DotnetLive.Testing.FakeKubernetes;
using k8s;
using k8s.Models;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Integration;

/// <summary>
/// The kubernetes target against <see cref="FakeCluster"/>: a loopback API server whose pods are real
/// containers with real synclets, and Debian's registry on 127.0.0.1:5000 (scripts/test.sh starts both
/// the engine and the registry).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class KubernetesTargetTests
{
    private const string Registry = "LiveRegistry=127.0.0.1:5000";

    private static Dictionary<string, string> Kubeconfig(string path) => new() { ["KUBECONFIG"] = path };

    [Fact]
    public async Task First_deploy_applies_the_workload_then_every_replica_is_updated_in_place_a_killed_one_is_resynced_and_down_deletes_what_was_applied()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "dev");
        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry, "--property", "LiveReplicas=2", "--verbose"))
        {
            await tool.WaitDeployedAsync();

            // What was applied: the Secret first (the pods need it), with field manager dotnet-live.
            cluster.Applied.Select(a => $"{a.Kind}/{a.Namespace}/{a.Name}").ShouldBe(["Secret/dev/webapi-dotnet-live", "Deployment/dev/webapi", "Service/dev/webapi"]);
            cluster.Applied.ShouldAllBe(a => a.FieldManager == "dotnet-live" && a.Force);
            var token = Encoding.UTF8.GetString(Convert.FromBase64String(cluster.Applied[0].Body["data"]!["token"]!.GetValue<string>()));
            token.Length.ShouldBeGreaterThanOrEqualTo(32);
            var container = cluster.Applied[1].Body["spec"]!["template"]!["spec"]!["containers"]!.AsArray().ShouldHaveSingleItem()!.AsObject();
            container["image"]!.GetValue<string>().ShouldStartWith("127.0.0.1:5000/dotnet-live/webapi-");
            Strings(container["command"]).ShouldBe(["dotnet", "/dotnet-live/synclet/DotnetLive.Synclet.dll"]);
            Strings(container["args"]).ShouldBe(["--root", "/dotnet-live/app", "--token-file", "/dotnet-live/secret/token", "--bind", "127.0.0.1", "--port", "5999", "--entry", "WebApi.dll", "--telemetry", "webapi", "--telemetry-per-replica", "--ready-url", "http://127.0.0.1:8080/"]);

            // The token reaches the synclet as a file of the Secret's, never in the environment.
            container["env"]!.ToJsonString().ShouldNotContain("token", Case.Insensitive);
            container["volumeMounts"]!.ToJsonString().ShouldBe("""[{"mountPath":"/dotnet-live/secret","name":"dotnet-live-token","readOnly":true}]""");
            container["securityContext"]!.ToJsonString().ShouldBe("""{"allowPrivilegeEscalation":false,"capabilities":{"drop":["ALL"]},"seccompProfile":{"type":"RuntimeDefault"}}""");
            cluster.Applied[1].Body["spec"]!["replicas"]!.GetValue<int>().ShouldBe(2);
            cluster.Applied[1].Body["spec"]!["template"]!["spec"]!["volumes"]!.ToJsonString()
                .ShouldBe("""[{"name":"dotnet-live-token","secret":{"defaultMode":292,"items":[{"key":"token","path":"token"}],"secretName":"webapi-dotnet-live"}}]""");
            cluster.Applied[2].Body["spec"]!["ports"]!.ToJsonString().ShouldBe("""[{"name":"http","port":80,"targetPort":"http"}]""");

            var pods = cluster.Pods("dev");
            pods.Count.ShouldBe(2);
            var pids = new Dictionary<string, string>();
            foreach (var pod in pods)
            {
                (await PodHttp.GetAsync(cluster, pod)).ShouldBe("Hello from dotnet-live!");
                pids[pod.Name] = await PodHttp.GetAsync(cluster, pod, "/pid");
            }

            // The profile's port on this machine is forwarded to a pod, as kubectl port-forward does.
            (await Http.GetAsync(sample.Url())).ShouldBe("Hello from dotnet-live!");

            var mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello from every pod!");
            await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 120);
            foreach (var pod in pods)
            {
                (await PodHttp.GetAsync(cluster, pod)).ShouldBe("Hello from every pod!");
                (await PodHttp.GetAsync(cluster, pod, "/pid")).ShouldNotBe(pids[pod.Name]);
                tool.Output.Lines.Skip(mark).ShouldContain(l => l.Contains($"pod {pod.Name}: 2 file(s)"));
            }

            // In place: the same pods, their containers never restarted.
            cluster.Pods("dev").Select(p => p.Name).ShouldBe(pods.Select(p => p.Name));
            cluster.Pods("dev").ShouldAllBe(p => p.Object.Status.ContainerStatuses.All(c => c.RestartCount == 0));

            // A replica that is replaced comes back with the image's binaries (none): it is found and synced.
            mark = tool.Output.Count;
            await cluster.DeletePodAsync("dev", pods[0].Name);
            await tool.WaitAsync("the resync of the new pod", l => l.Contains("pods changed; the new ones synced"), mark, 120);
            var now = cluster.Pods("dev");
            now.Count.ShouldBe(2);
            var replacement = now.Single(p => p.Name != pods[1].Name);
            await PodHttp.WaitForTextAsync(cluster, replacement, "Hello from every pod!");
            (await PodHttp.GetAsync(cluster, pods[1])).ShouldBe("Hello from every pod!");

            // A container that restarts (killed here; OOM or a node hiccup in life) is resynced the same way.
            mark = tool.Output.Count;
            await DockerCli.RunAsync("kill", pods[1].CurrentContainers["webapi"]);
            await tool.WaitAsync("the resync of the restarted container", l => l.Contains("pods changed; the new ones synced"), mark, 120);
            await PodHttp.WaitForTextAsync(cluster, pods[1], "Hello from every pod!");
            pods[1].Object.Status.ContainerStatuses.Single().RestartCount.ShouldBe(1);

            (await tool.StopAsync()).ShouldBe(0);
        }

        await using var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        cluster.Deleted.Where(d => !d.StartsWith("Pod/", StringComparison.Ordinal)).ShouldBe(["Service/dev/webapi", "Deployment/dev/webapi", "Secret/dev/webapi-dotnet-live"]);
        cluster.Pods("dev").ShouldBeEmpty();
        File.Exists(Path.Combine(sample.Directory, "obj", "dotnet-live", "kubernetes.json")).ShouldBeFalse();
    }

    [Fact]
    public async Task With_the_users_manifests_the_app_container_is_taken_over_and_rollout_failures_are_reported_with_their_reason()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "shop");
        File.WriteAllText(sample.PathOf("k8s.yaml"), """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: shop
            spec:
              replicas: 1
              selector:
                matchLabels:
                  app: shop
              template:
                metadata:
                  labels:
                    app: shop
                spec:
                  containers:
                  - name: web
                    image: registry.example/team/webapi:1.4
                    args: ["--Greeting:Source", "db"]
                    env:
                    - name: FEATURE_X
                      value: "on"
                  - name: cache
                    image: 127.0.0.1:5000/no-such/cache:1
                  - name: metrics
                    image: mcr.microsoft.com/dotnet/runtime:10.0
                    command: ["sh", "-c", "echo metrics starting; echo 'metrics: /etc/metrics.yml not found' >&2; exit 3"]
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: shop-settings
            data:
              mode: test
            """);

        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry, "--property", "LiveManifests=k8s.yaml"))
        {
            await tool.WaitAsync("the image pull failure", l => l.Contains("DLIVE4011") && l.Contains("ImagePullBackOff: the image 127.0.0.1:5000/no-such/cache:1 of container 'cache' cannot be pulled"), seconds: 120);
            var crash = await tool.WaitAsync("the crash loop", l => l.Contains("DLIVE4011") && l.Contains("CrashLoopBackOff: container 'metrics' keeps exiting (last exit code 3"), seconds: 120);
            tool.Transcript.ShouldContain("metrics: /etc/metrics.yml not found");
            tool.Output.Lines.ShouldNotContain(l => l.Contains("app running"));
            (await tool.StopAsync()).ShouldBe(0);
        }

        cluster.Applied.Select(a => $"{a.Kind}/{a.Name}").ShouldBe(["Secret/shop-dotnet-live", "Deployment/shop", "ConfigMap/shop-settings"]);
        var containers = cluster.Applied[1].Body["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        var web = containers[0]!;
        web["image"]!.GetValue<string>().ShouldStartWith("127.0.0.1:5000/dotnet-live/webapi-");
        Strings(web["args"]).ShouldBe(["--root", "/dotnet-live/app", "--token-file", "/dotnet-live/secret/token", "--bind", "127.0.0.1", "--port", "5999", "--entry", "WebApi.dll", "--telemetry", "webapi", "--telemetry-per-replica", "--ready-url", "http://127.0.0.1:8080/", "--", "--Greeting:Source", "db"]);
        web["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).ShouldContain("FEATURE_X");
        containers[1]!.ToJsonString().ShouldBe("""{"image":"127.0.0.1:5000/no-such/cache:1","name":"cache"}""");
        Strings(containers[2]!["command"])[0].ShouldBe("sh");

        await using var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        cluster.Deleted.Where(d => !d.StartsWith("Pod/", StringComparison.Ordinal)).ShouldBe(["ConfigMap/shop/shop-settings", "Deployment/shop/shop", "Secret/shop/shop-dotnet-live"]);
    }

    [Fact]
    public async Task A_pod_that_does_not_fit_is_reported_with_the_schedulers_message_and_a_container_over_its_memory_limit_as_OOMKilled()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "limits");
        string Manifest(string extra) => $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              selector:
                matchLabels:
                  app: api
              template:
                metadata:
                  labels:
                    app: api
                spec:
                  containers:
                  - name: web
                    image: webapi
            {extra}
            """;

        File.WriteAllText(sample.PathOf("k8s.yaml"), Manifest("""
                    resources:
                      requests:
                        memory: 64Gi
            """));
        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry, "--property", "LiveManifests=k8s.yaml"))
        {
            await tool.WaitAsync("the scheduling failure", l => l.Contains("DLIVE4011") && l.Contains("Pending: the scheduler cannot place it: 0/1 nodes are available: 1 Insufficient memory."), seconds: 120);
            (await tool.StopAsync()).ShouldBe(0);
        }

        // Fixed, and a sidecar that eats memory under a 16 MiB limit: the kernel kills it.
        File.WriteAllText(sample.PathOf("k8s.yaml"), Manifest("""
                  - name: hog
                    image: mcr.microsoft.com/dotnet/runtime:10.0
                    command: ["sh", "-c", "tail /dev/zero"]
                    resources:
                      limits:
                        memory: 16Mi
            """));
        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry, "--property", "LiveManifests=k8s.yaml"))
        {
            await tool.WaitAsync("the OOM kill", l => l.Contains("DLIVE4011") && l.Contains("OOMKilled: container 'hog' used more memory than its limit (16Mi)"), seconds: 120);
            (await tool.StopAsync()).ShouldBe(0);
        }

        cluster.Pods("limits").ShouldAllBe(p => p.Spec.Containers.Count == 2);
        await using var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
    }

    [Fact]
    public async Task Building_in_the_cluster_each_pod_builds_the_shipped_sources()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "build");
        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--build-in", "cluster", "--property", Registry, "--property", "LiveReplicas=2"))
        {
            await tool.WaitDeployedAsync();
            var container = cluster.Applied.Single(a => a.Kind == "Deployment").Body["spec"]!["template"]!["spec"]!["containers"]![0]!;
            Strings(container["args"]).ShouldContain("--source-root");
            var pods = cluster.Pods("build");
            pods.Count.ShouldBe(2);

            var mark = tool.Output.Count;
            sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Built in every pod");
            var updated = await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 120);
            tool.Output.Lines[updated].ShouldContain("updated: 1 file(s), ");
            foreach (var pod in pods)
            {
                (await PodHttp.GetAsync(cluster, pod)).ShouldBe("Built in every pod");
            }

            (await tool.StopAsync()).ShouldBe(0);
        }

        await using var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down");
        (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
    }

    [Fact]
    public async Task No_kubeconfig_an_unreachable_cluster_a_forbidden_namespace_and_no_registry_each_get_one_clear_message()
    {
        await using var cluster = await FakeCluster.StartAsync();
        cluster.ForbiddenNamespace = "locked";
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "dev");
        var unreachable = sample.Root.Write("unreachable/kubeconfig", File.ReadAllText(kubeconfig).Replace(cluster.Server.ToString().TrimEnd('/'), $"http://127.0.0.1:{Ports.Free()}", StringComparison.Ordinal));

        async Task<string> FailsAsync(string config, string code, params string[] arguments)
        {
            await using var tool = ToolRun.Start(sample.Directory, Kubeconfig(config), ["--target", "kubernetes", .. arguments]);
            (await tool.ExitCodeAsync(120)).ShouldBe(4, tool.Transcript);
            var error = tool.Output.Lines.Where(l => l.Contains(" error ", StringComparison.Ordinal)).ShouldHaveSingleItem();
            error.ShouldContain(code);
            tool.Transcript.ShouldNotContain("   at ");
            return error;
        }

        (await FailsAsync(sample.Root.Combine("none", "kubeconfig"), "DLIVE4001", "--property", Registry)).ShouldContain("KUBECONFIG");
        (await FailsAsync(unreachable, "DLIVE4003", "--property", Registry)).ShouldContain("context 'fake'");
        (await FailsAsync(kubeconfig, "DLIVE4004", "--property", Registry, "--namespace", "locked")).ShouldContain("namespace 'locked'");
        (await FailsAsync(kubeconfig, "DLIVE4005")).ShouldContain("LiveRegistry");
        cluster.Applied.ShouldBeEmpty();
    }

    /// <summary>
    /// A teammate's Deployment of the same name in the namespace (no managed-by label) is neither taken
    /// over nor deleted: the session applies nothing and says how to adopt it. Labelled on purpose, it is
    /// adopted. `down` deletes only what has the uid it applied (a Service someone made again in between
    /// stays), and only in the cluster it was applied to: a context now pointing at another server
    /// deletes nothing there.
    /// </summary>
    [Fact]
    public async Task What_is_not_ours_is_never_taken_over_or_deleted_and_down_deletes_only_in_the_cluster_it_applied_to()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "dev");
        var foreign = cluster.Plant("Deployment", "dev", "webapi", new Dictionary<string, string> { ["team"] = "payments" });

        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry))
        {
            (await tool.ExitCodeAsync(180)).ShouldBe(4, tool.Transcript);
            var error = tool.Output.Lines.Where(l => l.Contains("DLIVE4013", StringComparison.Ordinal)).ShouldHaveSingleItem(tool.Transcript);
            error.ShouldContain("Deployment/webapi already exists in namespace 'dev'");
            error.ShouldContain("kubectl label deployment/webapi -n dev app.kubernetes.io/managed-by=dotnet-live");

            // Found before the dev image is built or pushed: a refusal costs nothing.
            tool.Output.Lines.ShouldNotContain(l => l.Contains("dev image pushed", StringComparison.Ordinal), tool.Transcript);
        }

        cluster.Applied.Where(a => a.FieldManager == "dotnet-live").ShouldBeEmpty();
        cluster.UidOf("Deployment", "dev", "webapi").ShouldBe(foreign);
        await using (var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down"))
        {
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
        }

        cluster.Deleted.ShouldBeEmpty();

        // Handed over on purpose (the label): adopted, and the session runs.
        cluster.Plant("Deployment", "dev", "webapi", new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "dotnet-live" });
        await using (var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry))
        {
            await tool.WaitDeployedAsync();
            (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
        }

        // A teammate deletes the Service and makes their own of that name: `down` leaves theirs.
        cluster.Remove("Service", "dev", "webapi");
        var theirs = cluster.Plant("Service", "dev", "webapi");
        var deletedBefore = cluster.Deleted.Count;

        // The context now names another cluster: nothing is deleted, there or here, and the state is kept.
        await using (var other = await FakeCluster.StartAsync())
        {
            var moved = sample.Root.Write("moved/kubeconfig", File.ReadAllText(kubeconfig).Replace(cluster.Server.ToString().TrimEnd('/'), other.Server.ToString().TrimEnd('/'), StringComparison.Ordinal).Replace(cluster.Token, other.Token, StringComparison.Ordinal));
            other.Plant("Deployment", "dev", "webapi", new Dictionary<string, string> { ["app.kubernetes.io/managed-by"] = "dotnet-live" });
            await using var down = ToolRun.Start(sample.Directory, Kubeconfig(moved), "down");
            (await down.ExitCodeAsync()).ShouldBe(4, down.Transcript);
            down.Output.Lines.ShouldContain(l => l.Contains("DLIVE4014", StringComparison.Ordinal) && l.Contains("context 'fake' now points at the API server " + other.Server.ToString().TrimEnd('/'), StringComparison.Ordinal), down.Transcript);
            other.Deleted.ShouldBeEmpty();
            cluster.Deleted.Count.ShouldBe(deletedBefore);
        }

        await using (var down = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "down"))
        {
            (await down.ExitCodeAsync()).ShouldBe(0, down.Transcript);
            down.Output.Lines.ShouldContain(l => l.Contains("left Service/webapi in namespace dev", StringComparison.Ordinal), down.Transcript);
        }

        cluster.Deleted.Skip(deletedBefore).Where(d => !d.StartsWith("Pod/", StringComparison.Ordinal)).ShouldBe(["Deployment/dev/webapi", "Secret/dev/webapi-dotnet-live"]);
        cluster.UidOf("Service", "dev", "webapi").ShouldBe(theirs);
    }

    /// <summary>
    /// Audit M1: a pod is the session's only through its owner chain (its ReplicaSet, whose controller
    /// is the Deployment the session applied, by uid). Two pods made through the API by someone who can
    /// create pods, copying the session's labels, annotation and spec (and so its Secret volume): one
    /// with no owner, one claiming the Deployment's ReplicaSet by name with another uid. Both run, and
    /// neither is counted ready, port-forwarded to, or sent the app or an edit; the session's own pod is.
    /// </summary>
    [Fact]
    public async Task A_pod_that_copies_the_sessions_labels_but_is_not_its_deployments_is_never_used()
    {
        await using var cluster = await FakeCluster.StartAsync();
        using var sample = new SampleCopy(Repository.Sample("WebApi"));
        var kubeconfig = cluster.WriteKubeconfig(sample.Root.Path, "dev");
        await using var tool = ToolRun.Start(sample.Directory, Kubeconfig(kubeconfig), "--target", "kubernetes", "--property", Registry, "--verbose");
        await tool.WaitDeployedAsync();
        var ours = cluster.Pods("dev").ShouldHaveSingleItem();
        var replicaSet = ours.Object.Metadata.OwnerReferences.ShouldHaveSingleItem();

        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        V1Pod Copy(string name, IList<V1OwnerReference>? owners)
        {
            var pod = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(ours.Object));
            pod.Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = pod.Metadata.Labels.Where(l => !l.Key.StartsWith("fake.", StringComparison.Ordinal)).ToDictionary(),
                Annotations = pod.Metadata.Annotations,
                OwnerReferences = owners,
            };
            pod.Status = null;
            return pod;
        }

        await client.CoreV1.CreateNamespacedPodAsync(Copy("webapi-orphan", null), "dev");
        await client.CoreV1.CreateNamespacedPodAsync(Copy("webapi-forged", [new V1OwnerReference { ApiVersion = "apps/v1", Kind = "ReplicaSet", Name = replicaSet.Name, Uid = Guid.NewGuid().ToString(), Controller = true }]), "dev");
        await Eventually.UntilAsync("the copies running", () => cluster.Pods("dev").Count(p => p.Object.Status.ContainerStatuses.All(c => c.State.Running is not null)) == 3, TimeSpan.FromSeconds(120));

        var mark = tool.Output.Count;
        sample.Edit("Greeting.cs", "Hello from dotnet-live!", "Hello from the session's pod!");
        await tool.WaitAsync("the update line", l => l.Contains("updated: "), mark, 120);
        await PodHttp.WaitForTextAsync(cluster, ours, "Hello from the session's pod!");
        tool.Output.Lines.ShouldContain(l => l.Contains($"ReplicaSet {replicaSet.Name} carry this session's annotation but are not the Deployment's"), tool.Transcript);
        tool.Output.Lines.ShouldNotContain(l => l.Contains("webapi-orphan") || l.Contains("webapi-forged"), tool.Transcript);
        cluster.PortForwarded.ShouldNotContain(p => p != ours.Name);
        foreach (var copy in cluster.Pods("dev").Where(p => p.Name != ours.Name))
        {
            // Their synclets run the image, which holds no app: none was ever sent one.
            await Should.ThrowAsync<HttpRequestException>(() => PodHttp.GetAsync(cluster, copy));
        }

        (await tool.StopAsync()).ShouldBe(0, tool.Transcript);
    }

    private static string[] Strings(JsonNode? array) => [.. array!.AsArray().Select(n => n!.GetValue<string>())];
}
