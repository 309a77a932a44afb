using System.Text.Json.Serialization;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol;

/// <summary>The wire's messages.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
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
internal sealed partial class ProtocolJson : JsonSerializerContext;
