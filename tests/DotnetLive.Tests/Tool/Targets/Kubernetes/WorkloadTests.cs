using DotnetLive.Tool.Projects;
using DotnetLive.Tool.Targets.Kubernetes;
using DotnetLive.Tool.UI;
using DotnetLive.Testing;
using k8s.Models;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.Targets.Kubernetes;

/// <summary>What the kubernetes target applies, from the project alone or from the user's manifests.</summary>
public sealed class WorkloadTests
{
    private static ProjectModel Project(bool web = true, int replicas = 1, params string[] manifests) => new(
        "/src/My.Api/My.Api.csproj",
        "My.Api.dll",
        "/src/My.Api/bin/Debug/net10.0",
        "/src/My.Api/obj/Debug/net10.0/dotnet-live/manifest.json",
        "/src/My.Api/obj/dotnet-live/session.json",
        LiveTarget: "kubernetes",
        LiveBaseImage: "",
        LivePorts: "",
        TargetFrameworkVersion: "v10.0",
        IsWeb: web,
        SourceFiles: new HashSet<string>(),
        ProjectFiles: new HashSet<string>(),
        ProjectDirectories: ["/src/My.Api"],
        IgnoredDirectories: [],
        Kubernetes: new KubernetesSettings("localhost:5000", manifests, "", "", replicas, "my.api"));

    private static readonly LaunchProfile Profile = new([new Uri("http://localhost:5080")], new Dictionary<string, string> { ["ASPNETCORE_URLS"] = "http://localhost:5080", ["Feature"] = "on" });

    [Theory]
    [InlineData("my.api", true)]
    [InlineData("my.api:1.2", true)]
    [InlineData("localhost:5000/team/my.api:dev", true)]
    [InlineData("registry.example/my.api@sha256:abc", true)]
    [InlineData("my.api-worker:1", false)]
    [InlineData("my/api", false)]
    [InlineData("", false)]
    public void The_projects_image_is_found_by_its_last_path_segment(string image, bool expected) =>
        ImageReference.Names(image, "my.api").ShouldBe(expected);

    [Fact]
    public void Without_manifests_a_deployment_and_a_service_are_generated_with_the_synclet_as_the_command()
    {
        var workload = Workload.Create(Project(replicas: 3), Profile, "localhost:5000/dotnet-live/my-api:abc", new string('t', 43), "my-api");

        workload.Applied.Select(a => a.ToString()).ShouldBe(["Secret/my-api-dotnet-live", "Deployment/my-api", "Service/my-api"]);
        workload.Selector.ShouldBe("app.kubernetes.io/instance=dotnet-live,app.kubernetes.io/name=my-api");
        workload.Deployment.Spec.Replicas.ShouldBe(3);
        var container = workload.Deployment.Spec.Template.Spec.Containers.ShouldHaveSingleItem();
        container.Image.ShouldBe("localhost:5000/dotnet-live/my-api:abc");
        container.Command.ShouldBe(["dotnet", "/dotnet-live/synclet/DotnetLive.Synclet.dll"]);
        container.Args.ShouldContain("127.0.0.1");
        container.Env.Select(e => e.Name).ShouldBe(["ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "Feature"]);
        container.VolumeMounts.ShouldHaveSingleItem().MountPath.ShouldBe("/dotnet-live/secret");
        workload.Deployment.Spec.Template.Spec.Volumes.ShouldHaveSingleItem().Secret.SecretName.ShouldBe("my-api-dotnet-live");
        container.SecurityContext.ShouldSatisfyAllConditions(
            s => s.AllowPrivilegeEscalation.ShouldBe(false),
            s => s.Capabilities.Drop.ShouldBe(["ALL"]),
            s => s.SeccompProfile.Type.ShouldBe("RuntimeDefault"));
        workload.Deployment.Spec.Template.Spec.AutomountServiceAccountToken.ShouldBe(false);
        workload.Objects.ShouldAllBe(o => o.Metadata.Labels[Workload.ManagedBy] == "dotnet-live");
    }

    [Fact]
    public void A_new_token_or_image_changes_the_pod_template()
    {
        string Session(string token, string image) => Workload.Create(Project(), Profile, image, token, "my-api").Deployment.Spec.Template.Metadata.Annotations[Workload.SessionAnnotation];

        var first = Session(new string('a', 43), "r/i:1");
        Session(new string('a', 43), "r/i:1").ShouldBe(first);
        Session(new string('b', 43), "r/i:1").ShouldNotBe(first);
        Session(new string('a', 43), "r/i:2").ShouldNotBe(first);
    }

    [Fact]
    public void The_app_containers_probes_are_taken_out_and_other_containers_keep_theirs()
    {
        using var dir = new TempDirectory();
        var manifest = dir.Write("app.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: shop }
            spec:
              selector: { matchLabels: { app: shop } }
              template:
                metadata: { labels: { app: shop } }
                spec:
                  containers:
                  - name: web
                    image: my.api:1
                    ports: [{ name: metrics, containerPort: 9090 }, { name: http, containerPort: 5000 }]
                    readinessProbe: { httpGet: { path: /healthz, port: 5000 } }
                    livenessProbe: { httpGet: { path: /healthz, port: 5000 } }
                    startupProbe: { httpGet: { path: /healthz, port: 5000 } }
                  - name: proxy
                    image: envoy:1
                    readinessProbe: { tcpSocket: { port: 8443 } }
            """);

        var workload = Workload.Create(Project(manifests: manifest), Profile, "r/i:1", new string('t', 43), "my-api");

        var containers = workload.Deployment.Spec.Template.Spec.Containers;
        containers[0].ShouldSatisfyAllConditions(c => c.ReadinessProbe.ShouldBeNull(), c => c.LivenessProbe.ShouldBeNull(), c => c.StartupProbe.ShouldBeNull());
        containers[1].ReadinessProbe.ShouldNotBeNull();
        workload.AppPort.ShouldBe(5000);
        containers[0].Args.ShouldContain("http://127.0.0.1:5000/");
    }

    [Fact]
    public void A_worker_gets_no_service()
    {
        Workload.Create(Project(web: false), Profile, "r/i:1", new string('t', 43), "my-api").Applied.Select(a => a.Kind).ShouldBe(["Secret", "Deployment"]);
    }

    [Fact]
    public void Manifests_without_the_projects_image_or_with_kinds_not_applied_say_what_to_change()
    {
        using var dir = new TempDirectory();
        var other = dir.Write("other.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: db }
            spec:
              selector: { matchLabels: { app: db } }
              template:
                metadata: { labels: { app: db } }
                spec:
                  containers: [{ name: db, image: postgres:17 }]
            """);
        var ingress = dir.Write("ingress.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: Ingress
            metadata: { name: web }
            """);

        Should.Throw<LiveException>(() => Workload.Create(Project(manifests: other), Profile, "r/i:1", new string('t', 43), "my-api")).Message.ShouldContain("DLIVE4008");
        var unsupported = Should.Throw<LiveException>(() => Workload.Create(Project(manifests: ingress), Profile, "r/i:1", new string('t', 43), "my-api")).Message;
        unsupported.ShouldContain("DLIVE4007");
        unsupported.ShouldContain("Ingress");
    }

    [Fact]
    public void In_manifests_services_share_each_applies_its_own_deployment_and_the_rest_and_is_reached_through_the_service_selecting_its_pods()
    {
        using var dir = new TempDirectory();
        var shared = dir.Write("shop.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: api }
            spec:
              selector: { matchLabels: { app: api } }
              template:
                metadata: { labels: { app: api, tier: backend } }
                spec:
                  containers: [{ name: api, image: my.api:1 }]
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: front }
            spec:
              selector: { matchLabels: { app: front } }
              template:
                metadata: { labels: { app: front } }
                spec:
                  containers: [{ name: front, image: front:1 }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: front }
            spec:
              selector: { app: front }
              ports: [{ port: 80 }]
            ---
            apiVersion: v1
            kind: Service
            metadata: { name: api-internal }
            spec:
              selector: { app: api }
              ports: [{ port: 8081, targetPort: 8080 }]
            """);

        var workload = Workload.Create(Project(manifests: shared), Profile, "r/i:1", new string('t', 43), "my-api", otherServices: ["front"]);

        workload.Applied.Select(a => $"{a.Kind}/{a.Name}").ShouldBe(["Secret/api-dotnet-live", "Deployment/api", "Service/front", "Service/api-internal"]);
        Workload.PeerUrls(Project(manifests: shared)).ShouldBe([new Uri("http://api-internal:8081")]);
        Workload.PeerUrls(Project()).ShouldBe([new Uri("http://my-api")]);
    }
}
