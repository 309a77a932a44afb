using DotnetLive.Protocol.Paths;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Paths;

public sealed class RelativePathTests
{
    [Theory]
    [InlineData("App.dll")]
    [InlineData("wwwroot/css/site.css")]
    [InlineData("runtimes/linux-x64/native/libe_sqlite3.so")]
    [InlineData("de/App.resources.dll")]
    public void Paths_inside_the_app_directory_are_valid(string path)
    {
        RelativePath.Problem(path).ShouldBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("../x")]
    [InlineData("a/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/Windows/x")]
    [InlineData("a\\..\\x")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("a/.")]
    [InlineData("a\0b")]
    [InlineData("a/\u0007b")]
    public void Paths_that_could_leave_the_app_directory_are_refused(string path)
    {
        RelativePath.Problem(path).ShouldNotBeNull();
    }

    [Fact]
    public void Overlong_paths_and_segments_are_refused()
    {
        RelativePath.Problem(new string('a', 256)).ShouldNotBeNull();
        RelativePath.Problem(string.Join('/', Enumerable.Repeat(new string('a', 200), 6))).ShouldNotBeNull();
    }
}
