namespace DotnetLive.Tool.UI;

/// <summary>The tool's documented exit codes, one per error range (see README).</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int UserInput = 1;
    public const int Build = 2;
    public const int Docker = 3;
    public const int Kubernetes = 4;
    public const int Synclet = 5;
    public const int Unexpected = 70;
}
