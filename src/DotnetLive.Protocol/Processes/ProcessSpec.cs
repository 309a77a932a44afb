namespace DotnetLive.Protocol.Processes;

/// <summary>
/// A child process to start: what runs, where its output goes and how it is stopped
/// (<see cref="ChildProcess"/> starts it). The stop is part of the spec so that the one who starts a
/// child decides once how it ends, and every stop of it goes the same way.
/// </summary>
internal sealed record ProcessSpec(string Executable, IReadOnlyList<string> Arguments)
{
    /// <summary>Null: the parent's.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Set in the child's environment, over what it inherits.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public ChildInput Input { get; init; } = ChildInput.Inherited;

    /// <summary>Each line of its standard output, as it comes, cut past <see cref="ChildProcess.MaxLineChars"/> (null: not redirected).</summary>
    public Action<ChildProcess, string>? OnOutput { get; init; }

    /// <summary>Each line of its standard error, as it comes, cut past <see cref="ChildProcess.MaxLineChars"/> (null: not redirected).</summary>
    public Action<ChildProcess, string>? OnError { get; init; }

    /// <summary>Told when it has exited, possibly before its last lines were read.</summary>
    public Action<ChildProcess>? OnExited { get; init; }

    public StopRequest StopRequest { get; init; } = StopRequest.Sigterm;

    /// <summary>
    /// True: it is started with a <see cref="ProcessTree.MarkVariable"/> of its own, and its stop also
    /// stops every process that inherited it, wherever it went (an app's daemon that double-forked, a
    /// child it started while stopping).
    /// </summary>
    public bool Marked { get; init; }

    /// <summary>How long it has to end once asked, before its tree is killed; zero: its tree is killed at once.</summary>
    public required TimeSpan GracePeriod { get; init; }
}
