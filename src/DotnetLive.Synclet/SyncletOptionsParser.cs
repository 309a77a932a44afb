using System.Globalization;
using System.Net;

namespace DotnetLive.Synclet;

/// <summary>Parses the synclet's command line. Kept dependency-free: the synclet references only the runtime.</summary>
internal static class SyncletOptionsParser
{
    public const string Usage = """
        usage: DotnetLive.Synclet --root DIR --token-file FILE|- [--entry APP.dll] [--port N] [--bind ADDR] [--ready-url URL]
                                  [--env NAME=VALUE]... [--grace-seconds N] [--max-file-bytes N] [--max-update-bytes N]
                                  [--source-root DIR [--build-timeout-seconds N]] [--telemetry SERVICE [--telemetry-per-replica]]
                                  [--exit-when-stdin-closes] [--fault-point POINT:FILE] [-- APP ARGS...]
        The session token is read from FILE, which is then deleted if it can be, or from the first line of
        standard input (-): never from the environment or the command line, which others can read.
        --telemetry gives the app an OTLP/HTTP endpoint on loopback, its telemetry named SERVICE (and, with
        --telemetry-per-replica, each pod by its host name), relayed to the clients that ask for it.
        --build-timeout-seconds stops a build next to the app (--source-root) that runs longer (default 600).
        --fault-point is for the fault tests only: the synclet stops at POINT of a swap (staged, moved).
        """;

    /// <summary>Returns the options, or null with <paramref name="error"/> saying what is wrong.</summary>
    /// <param name="readToken">Reads the token from the --token-file value; null if it cannot.</param>
    public static SyncletOptions? Parse(IReadOnlyList<string> args, Func<string, string?> readToken, out string? error)
    {
        string? root = null, entry = null, sourceRoot = null, tokenFile = null, fault = null, telemetry = null;
        int port = 0;
        var bind = IPAddress.Loopback;
        Uri? readyUrl = null;
        var grace = TimeSpan.FromSeconds(5);
        var buildTimeout = TimeSpan.FromMinutes(10);
        bool stdin = false, perReplica = false;
        long maxFile = 512L * 1024 * 1024, maxUpdate = 2L * 1024 * 1024 * 1024;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var appArgs = new List<string>();
        error = null;

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                appArgs.AddRange(args.Skip(i + 1));
                break;
            }

            if (arg == "--exit-when-stdin-closes")
            {
                stdin = true;
                continue;
            }

            if (arg == "--telemetry-per-replica")
            {
                perReplica = true;
                continue;
            }

            if (i + 1 >= args.Count)
            {
                error = $"{arg} needs a value.";
                return null;
            }

            var value = args[++i];
            switch (arg)
            {
                case "--root": root = value; break;
                case "--token-file": tokenFile = value; break;
                case "--entry": entry = value; break;
                case "--source-root": sourceRoot = value; break;
                case "--telemetry" when value.Length > 0: telemetry = value; break;
                case "--fault-point" when value.IndexOf(':', StringComparison.Ordinal) > 0: fault = value; break;
                case "--port" when int.TryParse(value, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 65535: port = p; break;
                case "--bind" when IPAddress.TryParse(value, out var address): bind = address; break;
                case "--ready-url" when Uri.TryCreate(value, UriKind.Absolute, out var url): readyUrl = url; break;
                case "--grace-seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out var s) && s >= 0: grace = TimeSpan.FromSeconds(s); break;
                case "--build-timeout-seconds" when double.TryParse(value, CultureInfo.InvariantCulture, out var b) && b > 0: buildTimeout = TimeSpan.FromSeconds(b); break;
                case "--max-file-bytes" when long.TryParse(value, CultureInfo.InvariantCulture, out var f) && f > 0: maxFile = f; break;
                case "--max-update-bytes" when long.TryParse(value, CultureInfo.InvariantCulture, out var u) && u > 0: maxUpdate = u; break;
                case "--env" when value.IndexOf('=', StringComparison.Ordinal) > 0:
                    env[value[..value.IndexOf('=', StringComparison.Ordinal)]] = value[(value.IndexOf('=', StringComparison.Ordinal) + 1)..];
                    break;
                default:
                    error = $"'{arg} {value}' is not a valid option.";
                    return null;
            }
        }

        if (root is null || tokenFile is null)
        {
            error = "--root and --token-file are required.";
            return null;
        }

        if (perReplica && telemetry is null)
        {
            error = "--telemetry-per-replica needs --telemetry.";
            return null;
        }

        var token = readToken(tokenFile)?.Trim();
        if (string.IsNullOrEmpty(token) || token.Length < 16)
        {
            error = $"--token-file {tokenFile} must hold the session token (16 characters or more).";
            return null;
        }

        return new SyncletOptions
        {
            Root = Path.GetFullPath(root),
            Token = token,
            Bind = bind,
            Port = port,
            Entry = entry,
            AppArguments = appArgs,
            AppEnvironment = env,
            ReadyUrl = readyUrl,
            GracePeriod = grace,
            ExitWhenStdinCloses = stdin,
            MaxFileBytes = maxFile,
            MaxUpdateBytes = maxUpdate,
            SourceRoot = sourceRoot is null ? null : Path.GetFullPath(sourceRoot),
            BuildTimeout = buildTimeout,
            FaultPoint = fault,
            Telemetry = telemetry is null ? null : new TelemetryOptions(telemetry, perReplica),
        };
    }
}
