using System.Collections.Concurrent;
using DotnetLive.Protocol.Processes;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Processes;

/// <summary>A real shell's output, as <see cref="ChildProcess"/> reads it line by line.</summary>
public sealed class ChildProcessTests
{
    [Fact]
    public async Task Lines_end_at_a_newline_a_return_or_both_and_the_last_at_the_end_of_the_output()
    {
        var (output, errors) = await RunAsync("printf 'one\\ntwo\\r\\nthree\\rfour\\n\\nsix'; printf 'error\\n' >&2");

        output.ShouldBe(["one", "two", "three", "four", "", "six"]);
        errors.ShouldBe(["error"]);
    }

    /// <summary>
    /// Audit M7: an app that writes 3 MiB without a newline. The reader keeps the first
    /// <see cref="ChildProcess.MaxLineChars"/> characters and counts the rest; the lines after it come as they are.
    /// </summary>
    [Fact]
    public async Task A_line_longer_than_the_limit_is_cut_and_the_next_lines_still_come()
    {
        const int Written = 3 * 1024 * 1024;
        var (output, _) = await RunAsync($"head -c {Written} /dev/zero | tr '\\0' x; printf '\\nafter\\n'; head -c {Written} /dev/zero | tr '\\0' y");

        output.Count.ShouldBe(3);
        output[0].ShouldStartWith(new string('x', ChildProcess.MaxLineChars));
        output[0].ShouldEndWith($"x… ({Written - ChildProcess.MaxLineChars} more characters cut by dotnet-live)");
        output[1].ShouldBe("after");
        output[2].ShouldEndWith($"y… ({Written - ChildProcess.MaxLineChars} more characters cut by dotnet-live)", customMessage: "a last line with no newline, cut too, at the end of the output");
    }

    private static async Task<(List<string> Output, List<string> Errors)> RunAsync(string script)
    {
        var output = new ConcurrentQueue<string>();
        var errors = new ConcurrentQueue<string>();
        using var child = ChildProcess.Start(new ProcessSpec("/bin/sh", ["-c", script])
        {
            OnOutput = (_, line) => output.Enqueue(line),
            OnError = (_, line) => errors.Enqueue(line),
            GracePeriod = TimeSpan.FromSeconds(1),
        });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await child.WaitForExitAsync(timeout.Token);
        child.ExitCode.ShouldBe(0);
        return ([.. output], [.. errors]);
    }
}
