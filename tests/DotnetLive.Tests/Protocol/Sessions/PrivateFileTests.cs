using DotnetLive.Protocol.Sessions;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Sessions;

/// <summary>Files with a session's token: written owner-only, never through a link, and a session is trusted only on loopback.</summary>
public sealed class PrivateFileTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    private string Session(string host = "127.0.0.1")
    {
        var path = _folder.Combine("obj", LiveSessionFile.FileName);
        var (pid, ticks) = LiveSessionFile.CurrentProcess();
        LiveSessionFile.Write(path, new LiveSessionInfo(8, pid, ticks, "local", host, 5999, "token-token-token"));
        return path;
    }

    [Fact]
    public void A_session_is_written_owner_only_and_read_back()
    {
        var path = Session();

        File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        LiveSessionFile.Read(path, out var problem).ShouldNotBeNull().Port.ShouldBe(5999);
        problem.ShouldBeNull();
    }

    [Fact]
    public void A_session_file_on_a_file_system_without_modes_is_still_read()
    {
        var path = Session();
        File.SetUnixFileMode(path, (UnixFileMode)0x1FF); // 0777, as a Windows drive under WSL shows every file.

        LiveSessionFile.Read(path, out var problem).ShouldNotBeNull();
        problem.ShouldBeNull();
    }

    [Fact]
    public void A_session_file_that_is_a_link_is_not_trusted_and_writing_one_replaces_the_link_not_its_target()
    {
        var elsewhere = _folder.Write("elsewhere.json", "{}");
        File.SetUnixFileMode(elsewhere, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var path = _folder.Combine("obj", LiveSessionFile.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.CreateSymbolicLink(path, elsewhere);
        File.CreateSymbolicLink(path + ".tmp", elsewhere);

        LiveSessionFile.Read(path, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain("link");

        Session();
        File.ReadAllText(elsewhere).ShouldBe("{}");
        new FileInfo(path).LinkTarget.ShouldBeNull();
        LiveSessionFile.Read(path).ShouldNotBeNull();
    }

    [Theory]
    [InlineData("10.1.2.3")]
    [InlineData("dev.example.com")]
    public void A_session_naming_a_synclet_beyond_loopback_is_not_trusted(string host)
    {
        var path = Session(host);

        LiveSessionFile.Read(path, out var problem).ShouldBeNull();
        problem.ShouldNotBeNull().ShouldContain(host);
    }

    public void Dispose() => _folder.Dispose();
}
