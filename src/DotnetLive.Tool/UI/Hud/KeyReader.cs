namespace DotnetLive.Tool.UI.Hud;

/// <summary>The HUD's keys: r, s, b go to the loop (of the selected service, or of all; tab selects); l toggles the logs; q quits (as Ctrl+C does).</summary>
internal static class KeyReader
{
    public static Task RunAsync(HudBoard hud, Action quit, CancellationToken ct) =>
        Task.Factory.StartNew(() =>
        {
            while (!ct.IsCancellationRequested)
            {
                if (!Console.KeyAvailable)
                {
                    // Console.ReadKey cannot be cancelled; polling keeps the thread stoppable.
                    ct.WaitHandle.WaitOne(50);
                    continue;
                }

                switch (char.ToLowerInvariant(Console.ReadKey(intercept: true).KeyChar))
                {
                    case 'r': hud.Send(LoopCommand.Restart); break;
                    case 's': hud.Send(LoopCommand.Resync); break;
                    case 'b': hud.Send(LoopCommand.Rebuild); break;
                    case '\t': hud.SelectNext(); break;
                    case 'l': hud.ToggleLogs(); break;
                    case 'q': quit(); break;
                }
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
