using System.Security.Cryptography;

namespace DotnetLive.Tool.Dashboard;

/// <summary>A session's secrets for the dashboard, fresh each time: its browser login, the API key apps send telemetry with, and the key it proves itself to the resource service with.</summary>
internal sealed record DashboardSecrets(string BrowserToken, string OtlpApiKey, string ResourceServiceApiKey)
{
    public static DashboardSecrets Create() => new(Random(), Random(), Random());

    private static string Random() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
}
