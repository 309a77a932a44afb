using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Synclet.Store;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Store;

public sealed class UpdateValidatorTests
{
    private static readonly string Hash = new('a', 64);

    private static string? Code(ApplyMessage update, long maxFile = 1000, long maxUpdate = 5000) =>
        UpdateValidator.Problem(update, FileManifest.Empty, maxFile, maxUpdate)?.Code;

    private static ApplyMessage Writing(params WireWrite[] writes) => new("u", "", writes.ToList(), [], UpdateKind.Restart);

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/x")]
    [InlineData("a/../../x")]
    [InlineData("a\0b")]
    public void Paths_outside_the_app_directory_are_refused(string path)
    {
        Code(Writing(new WireWrite(path, Hash, 1, null))).ShouldBe("DLIVE5004");
        Code(new ApplyMessage("u", "", [], [path], UpdateKind.Restart)).ShouldBe("DLIVE5004");
    }

    [Fact]
    public void Sizes_are_bounded_per_file_and_per_update()
    {
        Code(Writing(new WireWrite("a", Hash, 1001, null))).ShouldBe("DLIVE5005");
        Code(Writing(Enumerable.Range(0, 6).Select(i => new WireWrite($"f{i}", Hash, 1000, null)).ToArray())).ShouldBe("DLIVE5005");
        Code(Writing(new WireWrite("a", Hash, -1, null))).ShouldBe("DLIVE5005");
    }

    [Theory]
    [InlineData("LD_PRELOAD=x", "ok")]
    [InlineData("1BAD", "ok")]
    [InlineData("BAD NAME", "ok")]
    [InlineData("GOOD", "a\0b")]
    public void Launch_settings_need_plain_variable_names_and_values_without_nul(string name, string value)
    {
        var launch = new LaunchSettings(new Dictionary<string, string> { [name] = value }, null);
        Code(new ApplyMessage("u", "", [], [], UpdateKind.HotReloadStart, launch)).ShouldBe("DLIVE5010");
    }

    [Theory]
    [InlineData("../etc/x")]
    [InlineData("a/b")]
    [InlineData("")]
    public void The_agent_pipe_is_a_plain_name(string pipe)
    {
        var handshake = new AgentHandshake(1, 4);
        Code(new ApplyMessage("u", "", [], [], UpdateKind.HotReloadStart, new LaunchSettings([], pipe, handshake))).ShouldBe("DLIVE5010");
        Code(new ApplyMessage("u", "", [], [], UpdateKind.HotReloadStart, new LaunchSettings(new Dictionary<string, string> { ["DOTNET_WATCH"] = "1" }, "0123abcd", handshake))).ShouldBeNull();
    }

    [Fact]
    public void A_hot_reload_launch_says_how_its_agent_starts()
    {
        Code(new ApplyMessage("u", "", [], [], UpdateKind.HotReloadStart, new LaunchSettings([], "0123abcd"))).ShouldBe("DLIVE5010");
    }

    [Fact]
    public void A_hot_reload_start_carries_its_launch_and_a_kind_must_be_one_there_is()
    {
        Code(new ApplyMessage("u", "", [], [], UpdateKind.HotReloadStart)).ShouldBe("DLIVE5010");
        Code(new ApplyMessage("u", "", [], [], (UpdateKind)42)).ShouldBe("DLIVE5003");
        Code(new ApplyMessage("u", "", [], [], UpdateKind.FilesOnly)).ShouldBeNull();
    }

    [Fact]
    public void Malformed_writes_are_refused()
    {
        Code(Writing(new WireWrite("a", "not-a-hash", 1, null))).ShouldBe("DLIVE5003");
        Code(Writing(new WireWrite("a", Hash, 1, null), new WireWrite("a", Hash, 1, null))).ShouldBe("DLIVE5004");
    }

    [Fact]
    public void A_copy_from_a_file_the_synclet_does_not_hold_is_stale()
    {
        Code(Writing(new WireWrite("b", Hash, 1, "a"))).ShouldBe("DLIVE5007");
    }

    [Fact]
    public void A_valid_update_passes()
    {
        Code(Writing(new WireWrite("wwwroot/app.js", Hash, 1000, null))).ShouldBeNull();
    }
}
