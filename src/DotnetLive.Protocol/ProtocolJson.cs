using System.Text.Json.Serialization;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(ChallengeMessage))]
[JsonSerializable(typeof(ProofMessage))]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(ApplyMessage))]
[JsonSerializable(typeof(AppliedMessage))]
[JsonSerializable(typeof(AppEvent))]
[JsonSerializable(typeof(CommandMessage))]
[JsonSerializable(typeof(LaunchSettings))]
[JsonSerializable(typeof(Sessions.LiveSessionInfo))]
[JsonSerializable(typeof(Changes.ChangeSetDocument))]
[JsonSerializable(typeof(List<ManifestEntry>))]
[JsonSerializable(typeof(Dictionary<string, CachedHash>))]
internal sealed partial class ProtocolJson : JsonSerializerContext;
