namespace DotnetLive.Protocol.Messages;

/// <summary>An app's unhandled exception as the runtime printed it: type, message and stack frames ("at …" lines).</summary>
internal sealed record CrashReport(string ExceptionType, string Message, List<string> StackFrames);
