using System.Runtime.InteropServices;

// A worker with no web server: it prints a line a second until it is stopped.
using var stop = new CancellationTokenSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});

var tick = 0;
while (!stop.IsCancellationRequested)
{
    Console.WriteLine($"{Message.Text} (tick {tick++})");
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
    }
    catch (OperationCanceledException)
    {
        break;
    }
}

Console.WriteLine("worker stopped");
