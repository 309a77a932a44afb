using Xunit;

namespace DotnetLive.Tests.RealCluster;

/// <summary>
/// A test against a real Kubernetes cluster: skipped unless DOTNET_LIVE_TEST_KUBECONFIG names a
/// kubeconfig (README: "Testing against a real cluster" sets one up with kind or k3d).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealClusterFactAttribute : FactAttribute
{
    public const string KubeconfigVariable = "DOTNET_LIVE_TEST_KUBECONFIG";
    public const string RegistryVariable = "DOTNET_LIVE_TEST_REGISTRY";
    public const string NamespaceVariable = "DOTNET_LIVE_TEST_NAMESPACE";

    public RealClusterFactAttribute()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(KubeconfigVariable)))
        {
            Skip = $"no real cluster: set {KubeconfigVariable} to a kubeconfig (and {RegistryVariable}, default localhost:5000) to run it";
        }
    }
}
