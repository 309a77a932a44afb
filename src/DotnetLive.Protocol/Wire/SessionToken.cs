using System.Security.Cryptography;
using System.Text;

namespace DotnetLive.Protocol.Wire;

/// <summary>
/// Per-session secrets shared by the tool and its synclets. The token never travels: each side proves
/// it holds it with an HMAC over both sides' fresh nonces (<see cref="Proof"/>), the synclet first, so
/// a client tells nothing to whatever answers on a port before it has proven itself.
/// </summary>
internal static class SessionToken
{
    /// <summary>The synclet's proof is made in this role, the client's in <see cref="ClientRole"/>: one can never stand for the other.</summary>
    public const string SyncletRole = "synclet";

    public const string ClientRole = "client";

    private const int NonceBytes = 32;

    public static string Create() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>A fresh nonce for one handshake.</summary>
    public static string Nonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>Whether <paramref name="nonce"/> is one <see cref="Nonce"/> could have made: canonical base64 of 32 bytes, nothing else (no whitespace).</summary>
    public static bool IsNonce(string? nonce)
    {
        var bytes = new byte[NonceBytes + 1];
        return nonce is { Length: <= 64 } && Convert.TryFromBase64String(nonce, bytes, out var length) && length == NonceBytes
            && Convert.ToBase64String(bytes, 0, length) == nonce;
    }

    /// <summary>HMAC-SHA256 with the token as key over the role and both nonces.</summary>
    public static string Proof(string token, string role, string clientNonce, string syncletNonce) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes($"dotnet-live/{role}\n{clientNonce}\n{syncletNonce}")));

    /// <summary>Constant-time comparison; lengths are hidden by comparing digests.</summary>
    public static bool Matches(string expected, string? presented) =>
        presented is not null &&
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)),
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)));
}
