namespace DotnetLive.Tool.UI;

/// <summary>A fatal, expected failure: shown as its message (no stack trace) and ended with its exit code.</summary>
internal sealed class LiveException(MessageDescriptor descriptor, params object?[] args) : Exception(descriptor.Render(args))
{
    public int ExitCode { get; } = descriptor.ExitCode;

    /// <summary>What failed, for a caller that handles one kind of failure itself.</summary>
    public MessageDescriptor Descriptor => descriptor;
}
