namespace DotnetLive.Protocol.Processes;

/// <summary>How a child is asked to end before its grace period runs out (<see cref="ProcessSpec.GracePeriod"/>).</summary>
internal enum StopRequest
{
    /// <summary>SIGTERM, as a terminal's Ctrl+C or `docker stop` would.</summary>
    Sigterm,

    /// <summary>Its standard input is closed: for a child that ends when its parent's pipe does (<see cref="ChildInput.Open"/>).</summary>
    CloseInput,
}
