using System.Text.Json.Serialization;
using DotnetLive.Protocol.Sessions;

namespace DotnetLive.Tool.Targets.Kubernetes;

/// <summary>
/// What this project's sessions applied, in each context and namespace they ran in, and the synclets'
/// token there; kept owner-only under obj/ so the next session reuses the token (the pods keep running)
/// and `dotnet live down` deletes exactly this, everywhere.
/// </summary>
internal sealed record KubernetesState(IReadOnlyList<KubernetesPlacement> Placements)
{
    public const string FileName = "kubernetes.json";

    public static KubernetesState? Read(string path) => PrivateFile.ReadJson(path, KubernetesStateJson.Default.KubernetesState);

    public void Write(string path) => PrivateFile.WriteJson(path, this, KubernetesStateJson.Default.KubernetesState);

    public KubernetesPlacement? Find(string context, string @namespace) =>
        Placements.FirstOrDefault(p => p.Context == context && p.Namespace == @namespace);

    /// <summary>This state with <paramref name="placement"/> in place of the one for the same context and namespace.</summary>
    public KubernetesState With(KubernetesPlacement placement) =>
        new([.. Placements.Where(p => p.Context != placement.Context || p.Namespace != placement.Namespace), placement]);
}

/// <summary>One context and namespace the sessions applied to: the token there, and what was (or was about to be) applied.</summary>
/// <param name="Server">The context's API server when it was applied: `down` deletes there only (null in a state of an older version).</param>
internal sealed record KubernetesPlacement(string Context, string Namespace, string Token, IReadOnlyList<AppliedObject> Objects, string? Server = null)
{
    /// <summary>The objects, each once (by kind and name), with the uid the server gave it when known.</summary>
    public static IReadOnlyList<AppliedObject> Merge(IEnumerable<AppliedObject> objects) =>
        [.. objects.GroupBy(o => (o.Kind, o.Name)).Select(g => g.LastOrDefault(o => o.Uid is not null) ?? g.First())];
}

/// <summary>An object applied with field manager dotnet-live, e.g. ("Deployment", "webapi"), with the uid the server gave it (null until applied).</summary>
internal sealed record AppliedObject(string Kind, string Name, string? Uid = null)
{
    public override string ToString() => $"{Kind}/{Name}";
}

[JsonSerializable(typeof(KubernetesState))]
internal sealed partial class KubernetesStateJson : JsonSerializerContext;
