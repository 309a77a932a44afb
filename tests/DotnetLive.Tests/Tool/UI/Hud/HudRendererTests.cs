using System.Runtime.CompilerServices;
using DotnetLive.Protocol.Messages;
using DotnetLive.Tool.UI;
using DotnetLive.Tool.UI.Hud;
using Shouldly;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;
using Xunit;

namespace DotnetLive.Tests.Tool.UI.Hud;

/// <summary>
/// The display drawn at a fixed console size and compared with the snapshot in Snapshots/. After an
/// intended change of the display, run with DOTNET_LIVE_UPDATE_SNAPSHOTS=1 and review the diff.
/// </summary>
public sealed class HudRendererTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 26, 16, 18, 31, TimeSpan.Zero);

    private static readonly HudModel Running = HudModel.Start("WebApi", "local") with
    {
        Urls = [new Uri("http://localhost:5080/")],
        Replicas = [new ReplicaView("app", new AppStatus(AppState.Ready, 4242, 3, null))],
        History =
        [
            new UpdateSummary(At, 2, 29_860, 274, 1, 284, 655, ["WebApi.dll", "WebApi.pdb"]),
            new UpdateSummary(At.AddSeconds(20), 2, 29_860, 214, 0, 192, 516, ["WebApi.dll", "WebApi.pdb"]),
        ],
        Logs = ["[app] info: Microsoft.Hosting.Lifetime[14]", "[app]       Now listening on: http://localhost:5080"],
    };

    private static void Matches(HudModel model, [CallerMemberName] string name = "") => Matches(HudRenderer.Render(model, height: 30), name);

    private static void Matches(IRenderable display, string name)
    {
        var console = new TestConsole().Width(110);
        console.Write(display);
        var actual = string.Join('\n', console.Output.Split('\n').Select(l => l.TrimEnd()));
        var path = Path.Combine(SnapshotDirectory(), name + ".txt");
        if (Environment.GetEnvironmentVariable("DOTNET_LIVE_UPDATE_SNAPSHOTS") == "1")
        {
            File.WriteAllText(path, actual);
        }

        File.Exists(path).ShouldBeTrue($"No snapshot {path}; make it with DOTNET_LIVE_UPDATE_SNAPSHOTS=1 and review it.");
        actual.ShouldBe(File.ReadAllText(path));
    }

    private static string SnapshotDirectory([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Snapshots");

    [Fact]
    public void Idle() => Matches(Running);

    [Fact]
    public void Building() => Matches(Running with { Build = BuildStatus.Building });

    [Fact]
    public void Build_failed_with_two_errors() => Matches(Running with
    {
        Build = BuildStatus.Failed,
        Errors =
        [
            "Greeting.cs(4,40): error CS1002: ; expected",
            "Program.cs(7,5): error CS0103: The name 'Greting' does not exist in the current context",
        ],
    });

    [Fact]
    public void App_crashed_with_a_stack_trace() => Matches(Running with
    {
        Replicas = [new ReplicaView("app", new AppStatus(AppState.Crashed, null, 4, 134))],
        Crash = new CrashView("app", 134, new CrashReport("System.InvalidOperationException", "no arguments",
        [
            "at Program.<Main>$(String[] args) in /src/WebApi/Program.cs:line 3",
            "at Program.<Main>(String[] args)",
        ])),
    });

    [Fact]
    public void Three_replicas_one_restarting() => Matches(Running with
    {
        Target = "kubernetes",
        Replicas =
        [
            new ReplicaView("webapi-7d9f-abcde", new AppStatus(AppState.Ready, null, 1, null)),
            new ReplicaView("webapi-7d9f-fghij", new AppStatus(AppState.Stopped, null, 5, 0)),
            new ReplicaView("webapi-7d9f-klmno", new AppStatus(AppState.Ready, null, 1, null)),
        ],
    });

    [Fact]
    public void Full_screen_logs() => Matches(Running with { LogsFullScreen = true });

    [Fact]
    public void With_the_dashboard() => Matches(Running with { Dashboard = new Uri("http://127.0.0.1:41941/login?t=0123456789abcdef") });

    [Fact]
    public void Hot_reloaded() => Matches(Running with
    {
        History = [.. Running.History, UpdateSummary.HotReloaded(At.AddSeconds(40), 55)],
        Notices = ["hot reload: C# and Razor changes applied in 55ms."],
    });

    [Fact]
    public void Three_services_one_failing_to_build_with_one_log() => Matches(HudRenderer.Render(new BoardView(
        "docker",
        [
            Running with { Project = "api", Target = "docker", Urls = [new Uri("http://localhost:5267/")], Replicas = [new ReplicaView("container", new AppStatus(AppState.Ready, 24, 1, null))] },
            Running with
            {
                Project = "front",
                Target = "docker",
                Urls = [new Uri("http://localhost:5062/")],
                Build = BuildStatus.Failed,
                Errors = ["Program.cs(2,42): error CS0117: 'Greeting' does not contain a definition for 'Txt'"],
                Replicas = [ReplicaView.NotStarted("container")],
                History = [],
            },
            Running with { Project = "jobs", Target = "docker", Urls = [], Replicas = [new ReplicaView("container", new AppStatus(AppState.Running, 31, 1, null))], History = [] },
        ],
        Selected: "front",
        Logs: ["[api] info: Microsoft.Hosting.Lifetime[14]", "[jobs] jobs: hello v1"],
        Notices: ["front: building Front…"],
        LogsFullScreen: false), height: 30), nameof(Three_services_one_failing_to_build_with_one_log));
}
