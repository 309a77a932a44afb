using System.Threading.Channels;

namespace DotnetLive.Tool.UI.Hud;

/// <summary>The HUD's keys: r, s, b go to the loop; l toggles the logs; q quits (as Ctrl+C does).</summary>
internal static class KeyReader
{
    public static Task RunAsync(ChannelWriter<LoopCommand> commands, HudReporter hud, Action quit, CancellationToken ct) =>
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
                    case 'r': commands.TryWrite(LoopCommand.Restart); break;
                    case 's': commands.TryWrite(LoopCommand.Resync); break;
                    case 'b': commands.TryWrite(LoopCommand.Rebuild); break;
                    case 'l': hud.ToggleLogs(); break;
                    case 'q': quit(); break;
                }
            }
        }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);
}
