namespace DotnetLive.Protocol.Processes;

/// <summary>What a child reads as its standard input.</summary>
internal enum ChildInput
{
    /// <summary>The parent's own.</summary>
    Inherited,

    /// <summary>A pipe closed at once: the child reads nothing, and never the parent's input.</summary>
    Closed,

    /// <summary>A pipe the parent holds (<see cref="ChildProcess.Input"/>), to write or just keep open.</summary>
    Open,
}
