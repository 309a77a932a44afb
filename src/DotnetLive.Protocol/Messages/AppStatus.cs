namespace DotnetLive.Protocol.Messages;

/// <summary>
/// The supervised app as the synclet sees it. <see cref="After"/> is the one place its lifecycle events
/// are reduced: the synclet's supervisor, the client and the HUD all keep it that way.
/// </summary>
/// <param name="Starts">How many times it was started (by this synclet, or since the reducer's start).</param>
internal sealed record AppStatus(AppState State, int? Pid, int Starts, int? LastExitCode)
{
    public static AppStatus NotStarted { get; } = new(AppState.NotStarted, null, 0, null);

    /// <summary>A process runs (ready or not yet).</summary>
    public bool IsUp => State is AppState.Running or AppState.Ready;

    /// <summary>Restarts since the first start.</summary>
    public int Restarts => Math.Max(0, Starts - 1);

    public AppStatus After(AppEvent appEvent) => appEvent.Kind switch
    {
        AppEventKind.Started => this with { State = AppState.Running, Pid = appEvent.Pid, Starts = Starts + 1 },
        AppEventKind.Ready => this with { State = AppState.Ready },
        AppEventKind.Exited => this with
        {
            State = appEvent.Reason switch
            {
                ExitReason.Stopped => AppState.Stopped,
                ExitReason.Exited => AppState.Exited,
                _ => AppState.Crashed,
            },
            Pid = null,
            LastExitCode = appEvent.ExitCode,
        },
        _ => this,
    };
}
