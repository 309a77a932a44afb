using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Client;
using DotnetLive.Protocol.Errors;
using DotnetLive.Protocol.Manifests;
using DotnetLive.Protocol.Messages;
using DotnetLive.Testing;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Synclet.Build;

/// <summary>A building synclet (--source-root) as a real process, with this machine's SDK doing the builds.</summary>
public sealed class SourceBuildTests : IDisposable
{
    private readonly TempDirectory _sourceRoot = new();
    private readonly TempDirectory _sources = new();

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>
        """;

    private Task<ShipOutcome> ShipAsync(SyncletClient client, string build = "Tiny/Tiny.csproj") =>
        ChangeShipper.ShipAsync(client, new AppFiles(_sources.Path), new UpdateRequest.Sources(build), CancellationToken.None);

    [Fact]
    public async Task A_synclet_that_does_not_build_refuses_a_source_connection()
    {
        await using var synclet = await SyncletHost.StartAsync();

        var refused = await Should.ThrowAsync<SyncletRefusedException>(() => SyncletClient.ConnectTcpAsync(synclet.Endpoint.Address.ToString(), synclet.Endpoint.Port, synclet.Token, "test", StoreKind.Source, _ => { }, CancellationToken.None));

        refused.Error.Code.ShouldBe("DLIVE5013");
    }

    [Fact]
    public async Task Sources_are_built_next_to_the_app_and_swapped_in_and_a_failed_build_leaves_the_app_as_it_was()
    {
        await using var building = await BuildingSynclet.StartAsync(_sourceRoot);
        var (synclet, client) = (building.Synclet, building.Client);
        _sources.Write("Tiny/Tiny.csproj", Project);
        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v1\");");

        // No project to build, or one outside the source root: refused, nothing changed.
        (await ShipAsync(client, "../Tiny.csproj")).Refusal!.Code.ShouldBe("DLIVE5004");
        synclet.LiveFiles().ShouldBeEmpty();

        var built = await ShipAsync(client);
        built.Refusal.ShouldBeNull();
        built.Applied!.BuildMs.ShouldBeGreaterThan(0);
        new FileManifest(built.Applied.Manifest).Digest().ShouldBe(ManifestBuilder.Build(_sources.Path).Digest());
        var app = synclet.LiveFiles();
        app.Keys.ShouldContain("Tiny.dll");
        app.Keys.ShouldContain("Tiny.runtimeconfig.json");

        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v2\")");
        var failed = await ShipAsync(client);
        failed.Refusal!.Code.ShouldBe(DiagnosticCodes.SyncletBuildFailed);
        failed.Applied!.BuildErrors!.ShouldHaveSingleItem().ShouldStartWith("Tiny/Program.cs(1,31): error CS1002: ; expected");
        synclet.LiveFiles().ShouldBe(app);

        // The sources arrived all the same: the fix is the only file the next update sends.
        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v3\");");
        var fixedUp = await ShipAsync(client);
        fixedUp.Refusal.ShouldBeNull();
        fixedUp.Changes.Writes.Select(w => w.Entry.Path).ShouldBe(["Tiny/Program.cs"]);
        synclet.LiveFiles()["Tiny.dll"].ShouldNotBe(app["Tiny.dll"]);
    }

    /// <summary>Audit M6: only what this build made is shipped (the old assembly of a renamed project is not).</summary>
    [Fact]
    public async Task What_an_earlier_build_left_in_the_output_is_not_shipped()
    {
        await using var building = await BuildingSynclet.StartAsync(_sourceRoot);
        var (synclet, client) = (building.Synclet, building.Client);
        _sources.Write("Tiny/Tiny.csproj", Project);
        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v1\");");
        (await ShipAsync(client)).Refusal.ShouldBeNull();
        synclet.LiveFiles().Keys.ShouldContain("Tiny.dll");

        File.Move(Path.Combine(_sources.Path, "Tiny/Tiny.csproj"), Path.Combine(_sources.Path, "Tiny/Renamed.csproj"));
        (await ShipAsync(client, "Tiny/Renamed.csproj")).Refusal.ShouldBeNull();

        var app = synclet.LiveFiles().Keys;
        app.ShouldContain("Renamed.dll");
        app.ShouldNotContain("Tiny.dll");
        app.ShouldNotContain("Tiny.runtimeconfig.json");
    }

    /// <summary>Audit M6: a build that hangs (a restore that never ends) is stopped at the timeout, said so, and the next one runs.</summary>
    [Fact]
    public async Task A_build_that_hangs_is_stopped_at_its_timeout_and_the_next_one_runs()
    {
        await using var building = await BuildingSynclet.StartAsync(_sourceRoot, "--build-timeout-seconds", "5");
        var (synclet, client) = (building.Synclet, building.Client);
        _sources.Write("Tiny/Tiny.csproj", Project.Replace("</Project>", """<Target Name="Hang" BeforeTargets="Build"><Exec Command="sleep 600" /></Target></Project>""", StringComparison.Ordinal));
        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v1\");");

        var hung = await ShipAsync(client);
        hung.Refusal!.Code.ShouldBe(DiagnosticCodes.SyncletBuildFailed);
        hung.Applied!.BuildErrors!.ShouldHaveSingleItem().ShouldStartWith("dotnet build did not finish within 5 s and was stopped");
        synclet.LiveFiles().ShouldBeEmpty();

        _sources.Write("Tiny/Tiny.csproj", Project);
        var built = await ShipAsync(client);
        built.Refusal.ShouldBeNull();
        synclet.LiveFiles().Keys.ShouldContain("Tiny.dll");
    }

    /// <summary>
    /// Audit M6: the client hangs up while its build runs (a build that would take ten minutes). The
    /// synclet stops that build at once, not at its timeout, and the next client's build runs.
    /// </summary>
    [Fact]
    public async Task A_build_whose_client_hung_up_is_stopped_and_the_next_client_builds()
    {
        var marker = $"sleep {Random.Shared.Next(600, 900)}.{Random.Shared.Next(100, 999)}";
        await using var synclet = await SyncletHost.StartAsync(arguments: ["--source-root", _sourceRoot.Path]);
        Task<SyncletClient> ConnectAsync() => SyncletClient.ConnectTcpAsync(synclet.Endpoint.Address.ToString(), synclet.Endpoint.Port, synclet.Token, "test", StoreKind.Source, _ => { }, CancellationToken.None);
        _sources.Write("Tiny/Tiny.csproj", Project.Replace("</Project>", $"""<Target Name="Hang" BeforeTargets="Build"><Exec Command="{marker}" /></Target></Project>""", StringComparison.Ordinal));
        _sources.Write("Tiny/Program.cs", "System.Console.WriteLine(\"v1\");");
        var first = await ConnectAsync();
        var hung = ShipAsync(first);
        await Eventually.UntilAsync("the build running", () => Processes.Mentioning(marker).Count > 0, TimeSpan.FromSeconds(120));

        await first.DisposeAsync();
        await Should.ThrowAsync<Exception>(() => hung);

        await Eventually.UntilAsync("the build stopped", () => Processes.Mentioning(marker).Count == 0, TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync("the synclet saying why", () => synclet.Errors.Lines.Any(l => l.Contains("was stopped: its client hung up", StringComparison.Ordinal)), TimeSpan.FromSeconds(5));
        _sources.Write("Tiny/Tiny.csproj", Project);
        await using var next = await ConnectAsync();
        var built = await ShipAsync(next);
        built.Refusal.ShouldBeNull();
        synclet.LiveFiles().Keys.ShouldContain("Tiny.dll");
    }

    public void Dispose()
    {
        _sourceRoot.Dispose();
        _sources.Dispose();
    }

    /// <summary>A building synclet (--source-root) and a client connected to its sources.</summary>
    private sealed record BuildingSynclet(SyncletHost Synclet, SyncletClient Client) : IAsyncDisposable
    {
        public static async Task<BuildingSynclet> StartAsync(TempDirectory sourceRoot, params string[] arguments)
        {
            var synclet = await SyncletHost.StartAsync(arguments: ["--source-root", sourceRoot.Path, .. arguments]);
            var client = await SyncletClient.ConnectTcpAsync(synclet.Endpoint.Address.ToString(), synclet.Endpoint.Port, synclet.Token, "test", StoreKind.Source, _ => { }, CancellationToken.None);
            return new BuildingSynclet(synclet, client);
        }

        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Synclet.DisposeAsync();
        }
    }
}
