using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.Projects;

/// <summary>What the MSBuild evaluation of the project says the tool needs: outputs and the files that matter.</summary>
internal sealed record ProjectModel(
    string ProjectPath,
    string TargetFileName,
    string OutputDirectory,
    string ManifestPath,
    string SessionPath,
    string LiveTarget,
    string LiveBaseImage,
    string LivePorts,
    string TargetFrameworkVersion,
    bool IsWeb,
    IReadOnlySet<string> SourceFiles,
    IReadOnlySet<string> ProjectFiles,
    IReadOnlyList<string> ProjectDirectories,
    IReadOnlyList<string> IgnoredDirectories,
    KubernetesSettings Kubernetes,
    string LiveBuildIn = "",
    string LiveSdkImage = "",
    ContainerSettings? Container = null)
{
    /// <summary>How the project describes its container (Dockerfile, the SDK's container properties).</summary>
    public ContainerSettings ContainerSettings => Container ?? ContainerSettings.None;

    public string Name => Path.GetFileNameWithoutExtension(ProjectPath);

    public string ProjectDirectory => Path.GetDirectoryName(ProjectPath)!;

    /// <summary>The <see cref="SessionFolder"/> the session file is in, where the targets keep their state too.</summary>
    public string SessionDirectory => Path.GetDirectoryName(SessionPath)!;

    /// <summary>
    /// What the dev image is made from when no Dockerfile stage makes it: building in the cluster,
    /// <c>LiveSdkImage</c>, else the official SDK image of the project's framework; otherwise
    /// <c>LiveBaseImage</c>, else <c>ContainerBaseImage</c>, else the official ASP.NET Core or runtime
    /// image (with <c>ContainerFamily</c> in its tag), as the SDK's container publishing picks it.
    /// </summary>
    public string BaseImage => BuildsInCluster
        ? (LiveSdkImage.Length > 0 ? LiveSdkImage : $"mcr.microsoft.com/dotnet/sdk:{TargetFrameworkVersion.TrimStart('v')}")
        : LiveBaseImage.Length > 0
            ? LiveBaseImage
            : ContainerSettings.BaseImage.Length > 0
                ? ContainerSettings.BaseImage
                : $"mcr.microsoft.com/dotnet/{(IsWeb ? "aspnet" : "runtime")}:{TargetFrameworkVersion.TrimStart('v')}{(ContainerSettings.Family.Length > 0 ? "-" + ContainerSettings.Family : "")}";

    /// <summary>
    /// The Dockerfile whose fast-mode stage makes the dev image: the project's, unless <c>LiveBaseImage</c>
    /// overrides it or the app is built in the cluster (which needs an SDK image).
    /// </summary>
    public string? Dockerfile => ContainerSettings.Dockerfile.Length > 0 && LiveBaseImage.Length == 0 && !BuildsInCluster ? ContainerSettings.Dockerfile : null;

    /// <summary><c>LiveBuildIn</c> is <c>cluster</c>: the sources go to the synclet, which builds next to the app (from an SDK image).</summary>
    public bool BuildsInCluster => string.Equals(LiveBuildIn, "cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary>What the tool's synclet connections are about: the sources when they are built in the cluster, else the app's files.</summary>
    public StoreKind SyncletStore => BuildsInCluster ? StoreKind.Source : StoreKind.App;
}

/// <summary>
/// The project's settings for the kubernetes target (MSBuild properties; --context and --namespace set
/// LiveContext and LiveNamespace). Empty strings stand for "not set".
/// </summary>
/// <param name="Manifests">Full paths of the YAML files in <c>LiveManifests</c>; none: a Deployment (+ Service) is generated.</param>
/// <param name="ImageName">The project's image: <c>ContainerRepository</c>, else the assembly name in lower case; the manifests' container with that image is the app.</param>
internal sealed record KubernetesSettings(string Registry, IReadOnlyList<string> Manifests, string Namespace, string Context, int Replicas, string ImageName);
