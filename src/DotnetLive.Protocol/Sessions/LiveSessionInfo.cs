namespace DotnetLive.Protocol.Sessions;

/// <summary>
/// What a running `dotnet live` publishes under the project's obj/ so that any build of the project
/// (LiveDeploy) can reach its synclet: the endpoint, the token, and the tool process that owns it.
/// </summary>
internal sealed record LiveSessionInfo(int ProtocolVersion, int ToolProcessId, long ToolStartTicksUtc, string Target, string Host, int Port, string Token);
