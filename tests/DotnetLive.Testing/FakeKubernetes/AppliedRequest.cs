using System.Text.Json.Nodes;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>One server-side apply request as received: the object, its field manager and whether it forced conflicts.</summary>
internal sealed record AppliedRequest(string Kind, string Namespace, string Name, string FieldManager, bool Force, JsonObject Body);
