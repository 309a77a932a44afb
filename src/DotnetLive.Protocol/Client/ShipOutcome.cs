using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Protocol.Client;

/// <summary>
/// What shipping a build did: the change set planned against what the synclet held, and either its
/// answer (<see cref="Applied"/>), a refusal (<see cref="Refusal"/>, nothing changed), or neither when
/// there was nothing to send. A source update whose build failed has both: the refusal, and the answer
/// with the compiler's errors.
/// </summary>
/// <param name="Restarted">False when the files went under the running app and it kept running (they are all read live, or the caller asked for no restart).</param>
internal sealed record ShipOutcome(ChangeSet Changes, AppliedMessage? Applied, ErrorMessage? Refusal, bool Restarted = true);
