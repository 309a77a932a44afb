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
                    var name = words.Count >= 3 && words[^2].Equals("AS", StringComparison.OrdinalIgnoreCase) ? words[^1] : null;
                    var from = words.Count > 0 ? words[0] : "";
                    stages.Add(new DockerfileStage(name, from, [], []));
                    break;
                case "COPY" or "ADD" when stages.Count > 0:
                    var stage = stages[^1];
                    var (flags, paths) = CopyArguments(arguments);
                    var copiedFrom = flags.FirstOrDefault(f => f.StartsWith("--from=", StringComparison.OrdinalIgnoreCase))?["--from=".Length..];
                    stages[^1] = copiedFrom is not null
                        ? stage with { CopiesFrom = [.. stage.CopiesFrom, copiedFrom] }
                        : stage with { Sources = [.. stage.Sources, .. paths.Take(paths.Count - 1).Where(p => !IsRemote(p))] };
                    break;
            }
        }

        return new Dockerfile(stages);
    }

    /// <summary>
    /// The stage named <paramref name="target"/> and every stage it is built on (its FROM, its COPY --from),
    /// or null when no stage has that name.
    /// </summary>
    public IReadOnlyList<DockerfileStage>? Chain(string target)
    {
        var index = Stages.ToList().FindIndex(s => string.Equals(s.Name, target, StringComparison.OrdinalIgnoreCase));
        if (index < 0)
        {
            return null;
        }

        var needed = new SortedSet<int>();
        var pending = new Stack<int>([index]);
        while (pending.TryPop(out var next))
        {
            if (!needed.Add(next))
            {
                continue;
            }

            foreach (var reference in Stages[next].CopiesFrom.Prepend(Stages[next].From))
            {
                if (IndexOf(reference, next) is { } earlier)
                {
                    pending.Push(earlier);
                }
            }
        }

        return needed.Select(i => Stages[i]).ToList();
    }

    /// <summary>A stage among the first <paramref name="before"/>, by name (case-insensitive) or number.</summary>
    private int? IndexOf(string reference, int before)
    {
        for (var i = 0; i < before; i++)
        {
            if (string.Equals(Stages[i].Name, reference, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return int.TryParse(reference, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) && number < before ? number : null;
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
            if (directives && line.StartsWith('#'))
            {
                var directive = line[1..].Split('=', 2);
                if (directive.Length == 2 && directive[0].Trim().Equals("escape", StringComparison.OrdinalIgnoreCase) && directive[1].Trim() is [var c])
                {
                    escape = c;
                }

                continue;
            }

            directives = false;
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
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
/// <param name="From">The image or earlier stage it starts from.</param>
/// <param name="Sources">The build-context paths (patterns) its COPY and ADD instructions read.</param>
/// <param name="CopiesFrom">The stages or images its <c>COPY --from</c> instructions read.</param>
internal sealed record DockerfileStage(string? Name, string From, IReadOnlyList<string> Sources, IReadOnlyList<string> CopiesFrom);
