using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol.Client;

/// <summary>The synclet refused the connection or an update; <see cref="Error"/> carries its code and advice.</summary>
internal sealed class SyncletRefusedException(ErrorMessage error) : Exception($"{error.Code}: {error.Message}")
{
    public ErrorMessage Error { get; } = error;
}
