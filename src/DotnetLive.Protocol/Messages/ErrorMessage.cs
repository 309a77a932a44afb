namespace DotnetLive.Protocol.Messages;

/// <summary>A refusal: a DLIVE5xxx code and a sentence that says what to do.</summary>
internal sealed record ErrorMessage(string Code, string Message);
