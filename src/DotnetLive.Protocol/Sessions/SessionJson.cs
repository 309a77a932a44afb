using System.Text.Json.Serialization;

namespace DotnetLive.Protocol.Sessions;

/// <summary>The session file (obj/dotnet-live/session.json).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(LiveSessionInfo))]
internal sealed partial class SessionJson : JsonSerializerContext;
