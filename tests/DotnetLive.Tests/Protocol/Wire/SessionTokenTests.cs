using DotnetLive.Protocol.Wire;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Wire;

public sealed class SessionTokenTests
{
    [Fact]
    public void Only_the_exact_token_matches()
    {
        var token = SessionToken.Create();

        SessionToken.Matches(token, token).ShouldBeTrue();
        SessionToken.Matches(token, token[..^1]).ShouldBeFalse();
        SessionToken.Matches(token, token + "x").ShouldBeFalse();
        SessionToken.Matches(token, "").ShouldBeFalse();
        SessionToken.Matches(token, null).ShouldBeFalse();
    }

    [Fact]
    public void Tokens_are_long_random_and_safe_in_environment_variables()
    {
        var tokens = Enumerable.Range(0, 100).Select(_ => SessionToken.Create()).ToList();

        tokens.Distinct().Count().ShouldBe(100);
        tokens.ShouldAllBe(t => t.Length >= 40 && t.All(c => char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'));
    }
}
