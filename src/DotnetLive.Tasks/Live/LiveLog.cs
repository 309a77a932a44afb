using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace DotnetLive.Tasks.Live;

/// <summary>A <see cref="LiveMessage"/> into MSBuild's log; compiled into both task builds.</summary>
internal static class LiveLog
{
    public static void Report(this TaskLoggingHelper log, LiveMessage message)
    {
        if (message.ErrorCode is { } code)
        {
            log.LogError(null, code, null, null, 0, 0, 0, 0, message.Text);
            return;
        }

        log.LogMessage(message.Importance switch
        {
            LiveImportance.High => MessageImportance.High,
            LiveImportance.Normal => MessageImportance.Normal,
            _ => MessageImportance.Low,
        }, message.Text);
    }
}
