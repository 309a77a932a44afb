using System.Text;
using System.Text.Json;
using DotnetLive.Protocol;
using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Protocol.Wire;
using DotnetLive.Testing;
using DotnetLive.Tests.Synclet.Store;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Server;

/// <summary>
/// What a hostile or broken client can send a real synclet: each is refused, nothing changes on disk,
/// nothing is written outside the app root, and the synclet goes on serving good updates.
/// </summary>
public sealed class BadInputSuiteTests : IAsyncLifetime
{
    private readonly TempDirectory _output = new();
    private readonly TempDirectory _outside = new();
    private SyncletHost _synclet = null!;
    private Dictionary<string, string> _seeded = null!;

    public async Task InitializeAsync()
    {
        _synclet = await SyncletHost.StartAsync(arguments: ["--max-file-bytes", "1024", "--max-update-bytes", "4096"]);
        _output.Write("App.dll", "v1");
        await using var client = await _synclet.ConnectAsync();
        (await client.RestartWithAsync(_output.Path)).Error.ShouldBeNull();
        _seeded = _synclet.LiveFiles();
    }

    public async Task DisposeAsync()
    {
        await _synclet.DisposeAsync();
        _output.Dispose();
        _outside.Dispose();
    }

    private async Task<string> DigestAsync()
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet);
        return new FileManifest(raw.Welcome!.Manifest).Digest();
    }

    /// <summary>Nothing changed, nothing left over, nothing outside, and a good update still lands.</summary>
    private async Task AssertUnharmedAsync()
    {
        await Eventually.UntilAsync("the synclet to leave nothing over", () => _synclet.Leftovers().Count == 0, TimeSpan.FromSeconds(30));

        _synclet.LiveFiles().ShouldBe(_seeded);
        Directory.EnumerateFileSystemEntries(_outside.Path).ShouldBeEmpty();
        await using var client = await _synclet.ConnectAsync();
        _output.Write("App.dll", "v2");
        (await client.RestartWithAsync(_output.Path)).Error.ShouldBeNull();
        _synclet.LiveFiles()["App.dll"].ShouldBe("v2");
    }

    private async Task<AppliedMessage> ApplyRawAsync(List<WireWrite> writes, List<string> deletes, byte[] data)
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet);
        await raw.SendApplyAsync(new ApplyMessage("bad", new FileManifest(raw.Welcome!.Manifest).Digest(), writes, deletes, UpdateKind.Restart));
        if (data.Length > 0)
        {
            await raw.SendAsync(FrameType.Data, data);
        }

        return await raw.ReadAppliedAsync();
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("/etc/x")]
    [InlineData("a/../../x")]
    [InlineData("a\0b")]
    [InlineData("releases/../../x")]
    public async Task Paths_that_leave_the_app_directory_are_refused(string path)
    {
        var written = await ApplyRawAsync([new WireWrite(path, Updates.Hash("x"), 1, null)], [], "x"u8.ToArray());
        var deleted = await ApplyRawAsync([], [path], []);

        written.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5004");
        deleted.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5004");
        _synclet.Errors.Lines.ShouldContain(l => l.Contains("DLIVE5004"));
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task A_path_through_a_symlink_baked_into_the_app_directory_is_refused()
    {
        var live = new DirectoryInfo(Path.Combine(_synclet.Root, "current")).ResolveLinkTarget(true)!.FullName;
        Directory.CreateSymbolicLink(Path.Combine(live, "escape"), _outside.Path);
        _seeded = _synclet.LiveFiles();

        var refused = await ApplyRawAsync([new WireWrite("escape/x", Updates.Hash("x"), 1, null)], [], "x"u8.ToArray());

        refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5004");
        refused.Error.Message.ShouldContain("symbolic link");
        Directory.Delete(Path.Combine(live, "escape"));
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task An_oversized_file_is_refused()
    {
        var big = new string('x', 1025);

        var refused = await ApplyRawAsync([new WireWrite("big.bin", Updates.Hash(big), 1025, null)], [], Encoding.UTF8.GetBytes(big));

        refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5005");
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task An_update_too_large_to_read_is_refused_and_the_connection_closed()
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet);
        await raw.SendApplyAsync(new ApplyMessage("huge", new FileManifest(raw.Welcome!.Manifest).Digest(),
            Enumerable.Range(0, 5).Select(i => new WireWrite($"f{i}", Updates.Hash("x"), 1000, null)).ToList(), [], UpdateKind.Restart));

        var answer = (await raw.ReadAsync()).ShouldNotBeNull();

        answer.Type.ShouldBe(FrameType.Error);
        (await raw.ReadAsync()).ShouldBeNull();
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task Sizes_that_add_up_past_what_a_number_holds_are_refused_as_too_large()
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet);
        await raw.SendApplyAsync(new ApplyMessage("overflow", new FileManifest(raw.Welcome!.Manifest).Digest(),
            [new WireWrite("a", Updates.Hash("x"), 1L << 62, null), new WireWrite("b", Updates.Hash("x"), 1L << 62, null)], [], UpdateKind.Restart));

        var answer = (await raw.ReadAsync()).ShouldNotBeNull();

        answer.Type.ShouldBe(FrameType.Error);
        JsonSerializer.Deserialize(answer.Payload.Span, ProtocolJson.Default.ErrorMessage)!.Code.ShouldBe(DiagnosticCodes.TooLarge);
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task A_build_on_a_connection_about_the_app_s_files_is_refused_and_changes_nothing()
    {
        await using var raw = await RawSynclet.HelloAsync(_synclet);
        await raw.SendApplyAsync(new ApplyMessage("build", new FileManifest(raw.Welcome!.Manifest).Digest(), [], [], UpdateKind.Build, Project: "App/App.csproj"));

        var answer = (await raw.ReadAsync()).ShouldNotBeNull();

        answer.Type.ShouldBe(FrameType.Applied);
        JsonSerializer.Deserialize(answer.Payload.Span, ProtocolJson.Default.AppliedMessage)!.Error.ShouldNotBeNull().Code.ShouldBe(DiagnosticCodes.Malformed);
        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task A_truncated_upload_changes_nothing()
    {
        var content = new string('y', 100);
        await using (var raw = await RawSynclet.HelloAsync(_synclet))
        {
            await raw.SendApplyAsync(new ApplyMessage("cut", new FileManifest(raw.Welcome!.Manifest).Digest(), [new WireWrite("App.dll", Updates.Hash(content), 100, null)], [], UpdateKind.Restart));
            await raw.SendAsync(FrameType.Data, Encoding.UTF8.GetBytes(content[..50]));
        }

        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task Bytes_that_do_not_match_their_hash_are_refused()
    {
        var refused = await ApplyRawAsync([new WireWrite("App.dll", Updates.Hash("v9"), 2, null)], [], "v8"u8.ToArray());

        refused.Error.ShouldNotBeNull().Code.ShouldBe("DLIVE5006");
        await AssertUnharmedAsync();
    }

    [Theory]
    [InlineData("garbage-json")]
    [InlineData("unknown-frame")]
    [InlineData("data-before-apply")]
    [InlineData("oversized-frame")]
    public async Task Malformed_messages_close_the_connection_and_change_nothing(string kind)
    {
        await using (var raw = await RawSynclet.HelloAsync(_synclet))
        {
            switch (kind)
            {
                case "garbage-json": await raw.SendAsync(FrameType.Apply, "{ not json"u8.ToArray()); break;
                case "unknown-frame": await raw.SendAsync((FrameType)99, [1, 2, 3]); break;
                case "data-before-apply": await raw.SendAsync(FrameType.Data, [1, 2, 3]); break;
                case "oversized-frame": await raw.SendRawHeaderAsync(uint.MaxValue, FrameType.Apply); break;
            }

            var answer = await raw.ReadAsync();
            if (answer is { } frame)
            {
                frame.Type.ShouldBe(FrameType.Error);
                (await raw.ReadAsync()).ShouldBeNull();
            }
        }

        await AssertUnharmedAsync();
    }

    [Fact]
    public async Task A_missing_token_and_another_protocol_version_are_refused()
    {
        await using (var noToken = await RawSynclet.HelloAsync(_synclet, token: ""))
        {
            noToken.Welcome.ShouldBeNull();
            noToken.Refusal.ShouldNotBeNull().Code.ShouldBe("DLIVE5001");
        }

        await using (var old = await RawSynclet.HelloAsync(_synclet, version: ProtocolLimits.Version + 1))
        {
            old.Refusal.ShouldNotBeNull().Code.ShouldBe("DLIVE5002");
        }

        await AssertUnharmedAsync();
    }
}
