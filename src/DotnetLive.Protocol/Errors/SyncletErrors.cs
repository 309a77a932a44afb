using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol.Errors;

/// <summary>The synclet's refusals (DLIVE5xxx). Each says what happened and what to do next.</summary>
internal static class SyncletErrors
{
    public static ErrorMessage BadToken() =>
        new(DiagnosticCodes.BadToken, "The client could not prove it holds the session token. Connect with the token of the session that started this synclet (restart `dotnet live` to get a new session).");

    /// <summary>The client's verdict: what answered could not prove it holds the token, so nothing was sent to it.</summary>
    public static ErrorMessage Unproven() =>
        new(DiagnosticCodes.Unproven, "What answers at the synclet's address could not prove it is this session's synclet (it does not hold the session's token), so nothing was sent to it. Another process may have taken the synclet's port: restart `dotnet live`, and look for what listens there.");

    public static ErrorMessage VersionMismatch(int client, int synclet) =>
        new(DiagnosticCodes.VersionMismatch, $"Protocol version {client} is not spoken by this synclet (version {synclet}). Use the same dotnet-live version for the tool and the synclet (`dotnet live down`, then `dotnet live` again, makes a new container).");

    /// <summary>The client's verdict on a synclet that refused a hello as those before protocol 7 do (they look for a token in it).</summary>
    public static ErrorMessage OlderSynclet(int client) =>
        new(DiagnosticCodes.VersionMismatch, $"The synclet speaks a protocol older than version {client}, which this dotnet-live speaks. Use the same dotnet-live version for the tool and the synclet (`dotnet live down`, then `dotnet live` again, makes a new container).");

    public static ErrorMessage Malformed(string detail) =>
        new(DiagnosticCodes.Malformed, $"The synclet received a malformed message ({detail}). Upgrade both sides to the same dotnet-live version.");

    public static ErrorMessage BadPath(string path, string problem) =>
        new(DiagnosticCodes.BadPath, $"The update names an invalid path '{Printable(path)}': {problem}. Nothing was changed; only paths inside the app directory can be written.");

    public static ErrorMessage TooLarge(string what, long size, long limit) =>
        new(DiagnosticCodes.TooLarge, $"{what} is {size} bytes, over the limit of {limit} bytes. Nothing was changed; raise the limit with the synclet's --max-file-bytes / --max-update-bytes if this is expected.");

    public static ErrorMessage HashMismatch(string path) =>
        new(DiagnosticCodes.HashMismatch, $"The bytes received for '{Printable(path)}' do not match their hash (a truncated or corrupted upload). Nothing was changed; the tool resends on the next update.");

    public static ErrorMessage Stale() =>
        new(DiagnosticCodes.Stale, "The update was computed against files the synclet no longer holds (another update came first). Nothing was changed; resend it computed against the manifest in this answer.");

    public static ErrorMessage StagingFailed(string detail) =>
        new(DiagnosticCodes.StagingFailed, $"The update could not be staged: {detail}. Nothing was changed; free disk space or fix permissions on the app directory and save again.");

    public static ErrorMessage BadLaunch(string problem) =>
        new(DiagnosticCodes.BadLaunch, $"The update's launch settings are invalid: {problem}. Nothing was changed; use the same dotnet-live version for the tool and the synclet.");

    public static ErrorMessage NoAgentPipe(string pipe) =>
        new(DiagnosticCodes.NoAgentPipe, $"No Hot Reload session listens on pipe '{Printable(pipe)}' (the app was started for another session). Restart `dotnet live`.");

    public static ErrorMessage BuildFailed(int errors) =>
        new(DiagnosticCodes.SyncletBuildFailed, $"The build next to the app failed with {errors} error(s); the running app was left as it was. Fix them and save.");

    public static ErrorMessage NotBuilding() =>
        new(DiagnosticCodes.NotBuilding, "This synclet does not build sources (it was started without --source-root). Run `dotnet live down` and start again with --build-in cluster, or use --build-in local.");

    public static ErrorMessage Internal(string detail) =>
        new(DiagnosticCodes.SyncletInternalError, $"The synclet met an unexpected error ({detail}) and closed the connection; what the app runs now is not known. Restart `dotnet live` (it resyncs); if it happens again, look at the synclet's log (`docker logs`, `kubectl logs`) and file an issue.");

    public static ErrorMessage HandshakeTimeout() =>
        new(DiagnosticCodes.HandshakeTimeout, "No hello arrived in time. Connect with the dotnet-live tool.");

    private static string Printable(string path) => path.Replace("\0", "\\0", StringComparison.Ordinal);
}
