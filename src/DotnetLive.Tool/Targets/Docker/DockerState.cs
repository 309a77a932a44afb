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

    public static DockerState? Read(string path) => PrivateFile.ReadJson(path, DockerStateJson.Default.DockerState);

    public void Write(string path) => PrivateFile.WriteJson(path, this, DockerStateJson.Default.DockerState);
}

[JsonSerializable(typeof(DockerState))]
internal sealed partial class DockerStateJson : JsonSerializerContext;
