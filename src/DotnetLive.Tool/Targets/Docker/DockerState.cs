using System.Text.Json;
using System.Text.Json.Serialization;
using DotnetLive.Protocol.Sessions;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// The container this project's sessions share, and its synclet's token, kept owner-only under obj/ so
/// that the next `dotnet live` reuses the running container and resyncs only what differs.
/// </summary>
internal sealed record DockerState(string ContainerId, string Token)
{
    public const string FileName = "docker.json";

    public static DockerState? Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), DockerStateJson.Default.DockerState);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    public void Write(string path) => PrivateFile.Write(path, JsonSerializer.SerializeToUtf8Bytes(this, DockerStateJson.Default.DockerState));
}

[JsonSerializable(typeof(DockerState))]
internal sealed partial class DockerStateJson : JsonSerializerContext;
