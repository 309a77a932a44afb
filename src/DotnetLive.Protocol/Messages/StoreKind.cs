namespace DotnetLive.Protocol.Messages;

/// <summary>The file sets a connection can be about (<see cref="HelloMessage.Store"/>).</summary>
internal enum StoreKind
{
    App,
    Source,
}
