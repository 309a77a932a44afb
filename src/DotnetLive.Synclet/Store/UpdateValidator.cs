using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Paths;

namespace DotnetLive.Synclet.Store;

/// <summary>Checks an update before a single byte is written: paths, sizes, hashes and references.</summary>
internal static class UpdateValidator
{
    public static ErrorMessage? Problem(ApplyMessage update, FileManifest held, long maxFileBytes, long maxUpdateBytes)
    {
        if (update.Writes is null || update.Deletes is null || update.BaseDigest is null)
        {
            return SyncletErrors.Malformed("an update without writes, deletes or base digest");
        }

        if (!Enum.IsDefined(update.Kind))
        {
            return SyncletErrors.Malformed($"'{update.Kind}' is not a kind of update");
        }

        if (update.Kind == UpdateKind.HotReloadStart && update.Launch is null)
        {
            return SyncletErrors.BadLaunch("a Hot Reload start carries the launch settings it starts the app with");
        }

        if (update.Launch is { } launch && LaunchProblem(launch) is { } launchProblem)
        {
            return SyncletErrors.BadLaunch(launchProblem);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        foreach (var write in update.Writes)
        {
            if (write is null || write.Path is null || write.Hash is null)
            {
                return SyncletErrors.Malformed("a write without path or hash");
            }

            if (RelativePath.Problem(write.Path) is { } problem)
            {
                return SyncletErrors.BadPath(write.Path, problem);
            }

            if (!seen.Add(write.Path))
            {
                return SyncletErrors.BadPath(write.Path, "it is named twice");
            }

            if (write.Hash.Length != 64 || !write.Hash.All(char.IsAsciiHexDigitLower))
            {
                return SyncletErrors.Malformed($"'{write.Path}' has no SHA-256 hash");
            }

            if (write.Size < 0 || write.Size > maxFileBytes)
            {
                return SyncletErrors.TooLarge($"'{write.Path}'", write.Size, maxFileBytes);
            }

            if (write.CopyFrom is not null)
            {
                if (!held.TryGet(write.CopyFrom, out var source) || source.Hash != write.Hash)
                {
                    return SyncletErrors.Stale();
                }
            }
            else
            {
                total += write.Size;
            }
        }

        if (total > maxUpdateBytes)
        {
            return SyncletErrors.TooLarge("The update", total, maxUpdateBytes);
        }

        foreach (var delete in update.Deletes)
        {
            if (RelativePath.Problem(delete) is { } problem)
            {
                return SyncletErrors.BadPath(delete ?? "", problem);
            }
        }

        return null;
    }

    /// <summary>The bytes that follow the message in Data frames; <see cref="long.MaxValue"/> when they add up past it (sizes are the peer's word).</summary>
    public static long UploadBytes(ApplyMessage update)
    {
        long total = 0;
        foreach (var write in (update.Writes ?? []).Where(w => w?.CopyFrom is null))
        {
            var size = Math.Max(0, write?.Size ?? 0);
            total = size > long.MaxValue - total ? long.MaxValue : total + size;
        }

        return total;
    }

    private const int MaxLaunchVariables = 64;
    private const int MaxLaunchValueChars = 16 * 1024;

    /// <summary>Environment names a shell would accept, bounded values, and a pipe name that is a plain file name.</summary>
    public static string? LaunchProblem(LaunchSettings launch)
    {
        if (launch.Environment is null)
        {
            return "no environment";
        }

        if (launch.Environment.Count > MaxLaunchVariables)
        {
            return $"more than {MaxLaunchVariables} environment variables";
        }

        foreach (var (name, value) in launch.Environment)
        {
            if (name.Length == 0 || name.Length > 128 || !(char.IsAsciiLetter(name[0]) || name[0] == '_') || !name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return $"'{name}' is not an environment variable name";
            }

            if (value is null || value.Length > MaxLaunchValueChars || value.Contains('\0'))
            {
                return $"the value of {name} is missing, too long or holds a NUL";
            }
        }

        if (launch.AgentPipe is { } pipe && !IsPipeName(pipe))
        {
            return "the agent pipe name is not 1-64 letters, digits, '-' or '_'";
        }

        if (launch.AgentPipe is not null && launch.Handshake is null)
        {
            return "a Hot Reload launch says how its agent starts (the handshake)";
        }

        return null;
    }

    /// <summary>A project to build: a valid relative path (nothing outside the source root) to a *proj file.</summary>
    public static bool IsProjectPath(string path) =>
        Protocol.Paths.RelativePath.Problem(path) is null && path.EndsWith("proj", StringComparison.OrdinalIgnoreCase);

    public static bool IsPipeName(string pipe) =>
        pipe.Length is > 0 and <= 64 && pipe.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
