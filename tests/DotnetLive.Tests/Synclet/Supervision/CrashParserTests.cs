using DotnetLive.Synclet.Supervision;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Supervision;

public sealed class CrashParserTests
{
    [Fact]
    public void The_last_unhandled_exception_is_parsed_with_its_frames()
    {
        string[] stderr =
        [
            "warn: something earlier",
            "Unhandled exception. System.IO.IOException: an older one",
            "   at Old.Frame()",
            "crit: Microsoft.AspNetCore.Hosting.Diagnostics[6]",
            "Unhandled exception. System.InvalidOperationException: Sequence contains no elements",
            "   at System.Linq.ThrowHelper.ThrowNoElementsException()",
            "   at Program.<Main>$(String[] args) in /src/WebApi/Program.cs:line 7",
            "   at Program.<Main>(String[] args)",
        ];

        var crash = CrashParser.Parse(stderr).ShouldNotBeNull();

        crash.ExceptionType.ShouldBe("System.InvalidOperationException");
        crash.Message.ShouldBe("Sequence contains no elements");
        crash.StackFrames.ShouldBe([
            "at System.Linq.ThrowHelper.ThrowNoElementsException()",
            "at Program.<Main>$(String[] args) in /src/WebApi/Program.cs:line 7",
            "at Program.<Main>(String[] args)",
        ]);
    }

    [Fact]
    public void Output_without_an_unhandled_exception_is_no_crash_report()
    {
        CrashParser.Parse(["fail: it went wrong", "exit"]).ShouldBeNull();
    }
}
