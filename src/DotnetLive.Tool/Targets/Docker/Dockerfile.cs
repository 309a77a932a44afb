using System.Text;
using System.Text.Json;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// A Dockerfile as far as the dev image needs it: its stages, what each is made from, and which files
/// of the build context each copies. Continuation lines, comments, the <c># escape=</c> directive and
/// the JSON form of COPY and ADD are understood; everything else is the engine's business.
/// </summary>
internal sealed class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerfileStage> stages) => Stages = stages;

    public IReadOnlyList<DockerfileStage> Stages { get; }

    public static Dockerfile Parse(string text)
    {
        var stages = new List<DockerfileStage>();
        foreach (var (instruction, arguments) in Instructions(text))
        {
            switch (instruction)
            {
                case "FROM":
                    var words = Words(arguments).Where(w => !w.StartsWith("--", StringComparison.Ordinal)).ToList();
                    stages.Add(new DockerfileStage(words.Count >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null, []));
                    break;
                case "COPY" or "ADD" when stages.Count > 0:
                    // What `COPY --from=<stage or image>` copies is not in the build context.
                    var (flags, paths) = CopyArguments(arguments);
                    if (!flags.Any(f => f.StartsWith("--from=", StringComparison.OrdinalIgnoreCase)))
                    {
                        stages[^1] = stages[^1] with { Sources = [.. stages[^1].Sources, .. paths.Take(paths.Count - 1).Where(p => !IsRemote(p))] };
                    }

                    break;
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>
    /// The stage named <paramref name="target"/> (case-insensitive) and every stage before it — what the
    /// engine's classic builder runs for <c>--target</c> — or null when no stage has that name.
    /// </summary>
    public IReadOnlyList<DockerfileStage>? UpTo(string target)
    {
        var index = Stages.ToList().FindIndex(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase));
        return index < 0 ? null : Stages.Take(index + 1).ToList();
    }

    private static bool IsRemote(string source) =>
        source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("git@", StringComparison.Ordinal);

    /// <summary>The instructions in order, each with its arguments on one line.</summary>
    private static IEnumerable<(string Instruction, string Arguments)> Instructions(string text)
    {
        var escape = '\\';
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var directives = true;
        var current = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            // Parser directives (`# escape=`, `# syntax=`) only at the very top: any other line ends them.
            var directive = directives && line.StartsWith('#') ? line[1..].Split('=', 2) : null;
            if (directive is [var key, var value] && key.Trim().ToLowerInvariant() is "escape" or "syntax" or "check")
            {
                if (key.Trim().Equals("escape", StringComparison.OrdinalIgnoreCase) && value.Trim() is [var c])
                {
                    escape = c;
                }

                continue;
            }

            directives = false;
            if (line.StartsWith('#') || line.Length == 0)
            {
                // Comments and empty lines, also inside a continuation.
                continue;
            }

            if (line.EndsWith(escape))
            {
                current.Append(line, 0, line.Length - 1).Append(' ');
                continue;
            }

            current.Append(line);
            var instruction = current.ToString().Trim();
            current.Clear();
            if (instruction.Length > 0)
            {
                var space = instruction.IndexOfAny([' ', '\t']);
                yield return space < 0
                    ? (instruction.ToUpperInvariant(), "")
                    : (instruction[..space].ToUpperInvariant(), instruction[(space + 1)..].Trim());
            }
        }
    }

    private static (IReadOnlyList<string> Flags, IReadOnlyList<string> Paths) CopyArguments(string arguments)
    {
        var flags = new List<string>();
        var rest = arguments;
        while (rest.StartsWith("--", StringComparison.Ordinal))
        {
            var end = rest.IndexOfAny([' ', '\t']);
            flags.Add(end < 0 ? rest : rest[..end]);
            rest = end < 0 ? "" : rest[end..].TrimStart();
        }

        if (rest.StartsWith('['))
        {
            try
            {
                return (flags, JsonSerializer.Deserialize<string[]>(rest) ?? []);
            }
            catch (JsonException)
            {
                // Not JSON after all: the shell form.
            }
        }

        return (flags, Words(rest));
    }

    private static List<string> Words(string text) =>
        text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries).ToList();
}

/// <param name="Name">The stage's <c>AS</c> name, if it has one.</param>
/// <param name="Sources">The build-context paths (patterns) its COPY and ADD instructions read.</param>
internal sealed record DockerfileStage(string? Name, IReadOnlyList<string> Sources);
