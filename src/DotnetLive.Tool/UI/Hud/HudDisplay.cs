using Spectre.Console;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>The full-screen display: draws the model again whenever it changes, at most every 50 ms.</summary>
internal static class HudDisplay
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(50);

    public static Task RunAsync(HudBoard hud, CancellationToken ct)
    {
        var changed = new SemaphoreSlim(0);
        hud.Changed += () =>
        {
            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        };

        return AnsiConsole.Live(hud.Render(Console.WindowHeight))
            .Overflow(VerticalOverflow.Crop)
            .Cropping(VerticalOverflowCropping.Top)
            .StartAsync(async context =>
            {
                try
                {
                    while (true)
                    {
                        await changed.WaitAsync(ct).ConfigureAwait(false);
                        context.UpdateTarget(hud.Render(Console.WindowHeight));
                        context.Refresh();
                        await Task.Delay(Frame, ct).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException)
                {
                    context.UpdateTarget(hud.Render(Console.WindowHeight));
                    context.Refresh();
                }
                finally
                {
                    changed.Dispose();
                }
            });
    }
}
