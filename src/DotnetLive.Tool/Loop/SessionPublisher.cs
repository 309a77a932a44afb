using DotnetLive.Protocol.Sessions;
using DotnetLive.Protocol.Wire;
using DotnetLive.Tool.Targets;

namespace DotnetLive.Tool.Loop;

/// <summary>
/// Publishes the session under the project's obj/ while the tool runs, so that builds of the project
/// with LiveDeploy=true (any IDE, `dotnet build`) ship to the same synclet; removes it on exit.
/// </summary>
internal sealed class SessionPublisher(string path) : IDisposable
{
    private SyncletEndpoint? _published;

    public void Publish(string target, SyncletEndpoint endpoint)
    {
        if (endpoint == _published)
        {
            return;
        }

        var (processId, startTicks) = LiveSessionFile.CurrentProcess();
        LiveSessionFile.Write(path, new LiveSessionInfo(ProtocolLimits.Version, processId, startTicks, target, endpoint.Host, endpoint.Port, endpoint.Token));
        _published = endpoint;
    }

    public void Dispose()
    {
        if (_published is not null)
        {
            LiveSessionFile.Delete(path);
        }
    }
}
