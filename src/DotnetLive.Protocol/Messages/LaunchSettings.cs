namespace DotnetLive.Protocol.Messages;

/// <summary>
/// What a Hot Reload session adds to the app's start: environment variables, in which
/// <see cref="AppDirectoryToken"/> stands for the absolute path of the live release, and the name of
/// the engine's pipe, which its tunnel asks for. The app's agent connects to a pipe of the synclet's
/// instead (it sets <see cref="AgentPipeVariable"/>) and answers its start with <see cref="Handshake"/>.
/// An empty environment and no pipe is a plain start.
/// </summary>
internal sealed record LaunchSettings(Dictionary<string, string> Environment, string? AgentPipe, AgentHandshake? Handshake = null)
{
    public const string AppDirectoryToken = "{app}";

    /// <summary>The SDK's variable naming the pipe the app's Hot Reload agent connects to.</summary>
    public const string AgentPipeVariable = "DOTNET_WATCH_HOTRELOAD_NAMEDPIPE_NAME";

    public static LaunchSettings Plain { get; } = new([], null);

    /// <summary>Where a .NET named pipe lives on Unix: the socket <c>CoreFxPipe_&lt;name&gt;</c> in the temp folder (the agent's and dotnet watch's end alike).</summary>
    public static string AgentSocketPath(string pipe) => Path.Combine(Path.GetTempPath(), "CoreFxPipe_" + pipe);
}

/// <summary>
/// The bytes of the SDK's agent pipe protocol the synclet needs to start an agent without its engine,
/// which change between SDK versions (read from the agent assembly by the tool).
/// </summary>
/// <param name="InitializationResponse">The type byte the agent's initialization starts with (null: an SDK whose responses carry none).</param>
/// <param name="InitialUpdatesCompleted">The engine's request that ends the initial updates and lets the app run.</param>
internal sealed record AgentHandshake(byte? InitializationResponse, byte InitialUpdatesCompleted);
