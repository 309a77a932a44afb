using System.Runtime.Versioning;

// The integration tests read /proc, send POSIX signals and check Unix file modes: they run on Linux.
[assembly: SupportedOSPlatform("linux")]
