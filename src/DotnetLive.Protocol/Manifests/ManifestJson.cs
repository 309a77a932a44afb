using System.Text.Json.Serialization;

namespace DotnetLive.Protocol.Manifests;

/// <summary>The manifests' files on disk (manifest.json, hashes.json).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(List<ManifestEntry>))]
[JsonSerializable(typeof(Dictionary<string, CachedHash>))]
internal sealed partial class ManifestJson : JsonSerializerContext;
