namespace DotnetLive.Protocol.Messages;

/// <summary>
/// What a Hot Reload session adds to the app's start: environment variables, in which
/// <see cref="AppDirectoryToken"/> stands for the absolute path of the live release, and the name of
/// the pipe the app's Hot Reload agent connects to, which the synclet listens on and tunnels.
/// An empty environment and no pipe is a plain start.
/// </summary>
internal sealed record LaunchSettings(Dictionary<string, string> Environment, string? AgentPipe)
{
    public const string AppDirectoryToken = "{app}";

    public static LaunchSettings Plain { get; } = new([], null);

    /// <summary>Where a .NET named pipe lives on Unix: the socket <c>CoreFxPipe_&lt;name&gt;</c> in the temp folder (the agent's and dotnet watch's end alike).</summary>
    public static string AgentSocketPath(string pipe) => Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + pipe);
}
