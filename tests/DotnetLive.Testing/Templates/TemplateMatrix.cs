using System.Diagnostics;
using System.Net;
using DotnetLive.Testing.FakeKubernetes;

namespace DotnetLive.Testing.Templates;

/// <summary>How one cell of the template matrix went: the times from start and from each save until the user could see it, or what failed.</summary>
internal sealed record CellResult(TemplateCase Case, string Target, bool HotReload, long? FirstServeMs, long? CodeMs, long? MarkupMs, long? StaticMs, string? Failure, string Transcript)
{
    public string Mode => HotReload ? "default" : "--no-hot-reload";
}

/// <summary>
/// Runs a <see cref="TemplateCase"/> as a user would: `dotnet new`, then `dotnet live` on a target (with
/// Hot Reload, the default, or without), waits until the app serves, then makes each edit and waits
/// until the app shows it. A static-file edit must reach the running app without a restart. The app
/// is taken down at the end (`dotnet live down`).
/// </summary>
internal static class TemplateMatrix
{
    private static readonly TimeSpan EditTimeout = TimeSpan.FromSeconds(90);
    private static readonly HttpClient Http1 = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly HttpClient Http2 = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(5),
        DefaultRequestVersion = HttpVersion.Version20,
        DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    /// <param name="cluster">The fake API server, for the kubernetes target.</param>
    public static async Task<CellResult> RunAsync(TemplateCase @case, string target, bool hotReload, FakeCluster? cluster = null)
    {
        using var app = await SampleCopy.FromTemplateAsync(@case.Template, @case.Name, @case.Library);
        var environment = new Dictionary<string, string>();
        var arguments = new List<string> { "--target", target, "--verbose" };
        if (!hotReload)
        {
            arguments.Add("--no-hot-reload");
        }

        if (target == "kubernetes")
        {
            environment["KUBECONFIG"] = (cluster ?? throw new ArgumentNullException(nameof(cluster))).WriteKubeconfig(app.Root.Path, "dev");
            arguments.AddRange(["--property", "LiveRegistry=127.0.0.1:5000"]);
        }

        long? first = null, code = null, markup = null, asset = null;
        var clock = Stopwatch.StartNew();
        var tool = ToolRun.Start(app.Directory, environment, [.. arguments]);
        try
        {
            foreach (var probe in @case.Serves)
            {
                await WaitAsync(probe, app, tool, 0, TimeSpan.FromSeconds(240));
            }

            first = clock.ElapsedMilliseconds;

            // Edits wait for the session to settle: Hot Reload's first build is dotnet watch's, after the tool's.
            await tool.WaitAsync("the app started", l => l.Contains("app running (", StringComparison.Ordinal) || l.Contains("started the app with Hot Reload", StringComparison.Ordinal), seconds: 240);
            if (hotReload && @case.Exits)
            {
                // A save before dotnet watch watches again, after the app's exit, is not seen by it (as without the tool).
                await tool.WaitAsync("dotnet watch waiting for a save", l => l.Contains("Waiting for a file to change before restarting", StringComparison.Ordinal), seconds: 60);
            }
            code = await EditAsync(app, tool, @case.Code, hotReload);
            if (@case.Markup is { } markupEdit)
            {
                markup = await EditAsync(app, tool, markupEdit, hotReload);
            }

            if (@case.Static is { } staticEdit)
            {
                var mark = tool.Output.Count;
                asset = await EditAsync(app, tool, staticEdit, hotReload);
                if (tool.Output.Lines.Skip(mark).FirstOrDefault(l => l.Contains("app started (pid", StringComparison.Ordinal)) is { } restart)
                {
                    throw new InvalidOperationException($"the static file edit restarted the app: {restart}");
                }
            }

            return new CellResult(@case, target, hotReload, first, code, markup, asset, null, tool.Transcript);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or HttpRequestException)
        {
            return new CellResult(@case, target, hotReload, first, code, markup, asset, e.Message, tool.Transcript);
        }
        finally
        {
            await tool.DisposeAsync();
            if (target != "local")
            {
                await using var down = ToolRun.Start(app.Directory, environment, "down");
                await down.ExitCodeAsync(120);
            }
        }
    }

    private static async Task<long> EditAsync(SampleCopy app, ToolRun tool, TemplateEdit edit, bool hotReload)
    {
        var mark = tool.Output.Count;
        var saved = Stopwatch.StartNew();
        if (edit.From is null)
        {
            app.Append(edit.File, edit.To);
        }
        else
        {
            app.Edit(edit.File, edit.From, edit.To);
        }

        await WaitAsync(hotReload && edit.HotReloadProbe is { } other ? other : edit.Probe, app, tool, mark, EditTimeout);
        return saved.ElapsedMilliseconds;
    }

    private static async Task WaitAsync(Probe probe, SampleCopy app, ToolRun tool, int from, TimeSpan timeout)
    {
        if (probe is Probe.Log log)
        {
            await tool.WaitAsync($"a line with '{log.Text}'", l => l.Contains(log.Text, StringComparison.Ordinal), from, (int)timeout.TotalSeconds);
            return;
        }

        var last = "(no answer)";
        await Eventually.UntilAsync(probe.ToString(), async _ =>
        {
            try
            {
                if (await PassesAsync(probe, app) is not { } seen)
                {
                    return true;
                }

                last = seen;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
            {
                last = e.Message;
            }

            return false;
        }, timeout, lastSeen: () => Shorten(last));
    }

    /// <summary>Null when the probe passes; otherwise what was seen instead.</summary>
    private static async Task<string?> PassesAsync(Probe probe, SampleCopy app)
    {
        switch (probe)
        {
            case Probe.Page page:
                var text = await (page.Http2 ? Http2 : Http1).GetStringAsync(app.Url(page.Path));
                return text.Contains(page.Text, StringComparison.Ordinal) ? null : text;
            case Probe.Header header:
                using (var response = await Http1.GetAsync(app.Url(header.Path)))
                {
                    return response.Headers.TryGetValues(header.Name, out var values) && values.Contains(header.Value)
                        ? null
                        : $"HTTP {(int)response.StatusCode} without {header.Name}: {header.Value}";
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(probe), probe, "not an HTTP probe");
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;
}
