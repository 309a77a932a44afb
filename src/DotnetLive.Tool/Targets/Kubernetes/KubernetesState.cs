using System.Text.Json;
using System.Text.Json.Serialization;
using DotnetLive.Protocol.Sessions;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// What this project's sessions applied, where, and the synclets' token; kept owner-only under obj/ so
/// the next session reuses the token (the pods keep running) and `dotnet live down` deletes exactly this.
/// </summary>
internal sealed record KubernetesState(string Context, string Namespace, string Token, IReadOnlyList<AppliedObject> Objects)
{
    public const string FileName = "kubernetes.json";

    public static KubernetesState? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), KubernetesStateJson.Default.KubernetesState);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string path) => PrivateFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, KubernetesStateJson.Default.KubernetesState));
}

/// <summary>An object applied with field manager dotnet-live, e.g. ("Deployment", "webapi").</summary>
internal sealed record AppliedObject(string Kind, string Name)
{
    public override string ToString() => $"{Kind}/{Name}";
}

[JsonSerializable(typeof(KubernetesState))]
internal sealed partial class KubernetesStateJson : JsonSerializerContext;
