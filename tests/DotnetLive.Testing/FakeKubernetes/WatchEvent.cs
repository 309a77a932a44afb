namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>A change to a pod at one revision: what a watch filters on (namespace, labels) and the line it streams.</summary>
internal sealed record WatchEvent(long Revision, string Type, string Namespace, IReadOnlyDictionary<string, string> Labels, string Json);
