using System.Security.Cryptography;
using System.Text;

namespace DotnetLive.Protocol.Wire;

/// <summary>Per-session secrets shared by the tool and its synclets.</summary>
internal static class SessionToken
{
    /// <summary>The environment variable that carries the token to a synclet (never its command line, which other users can read).</summary>
    public const string EnvironmentVariable = "DOTNET_LIVE_TOKEN";

    public static string Create() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>Constant-time comparison; lengths are hidden by comparing digests.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
