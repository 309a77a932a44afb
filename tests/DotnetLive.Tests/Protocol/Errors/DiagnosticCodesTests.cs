using System.Reflection;
using System.Text.RegularExpressions;
using DotnetLive.Protocol.Errors;
using DotnetLive.Testing;
using DotnetLive.Tool.UI;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Errors;

public sealed partial class DiagnosticCodesTests
{
    private static readonly IReadOnlyDictionary<string, string> Codes = typeof(DiagnosticCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral)
        .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void Each_code_is_one_kind_of_failure()
    {
        Codes.Count.ShouldBeGreaterThan(50);
        Codes.Values.ShouldAllBe(c => CodeShape().IsMatch(c));
        Codes.Values.GroupBy(c => c).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty();
    }

    [Fact]
    public void Every_message_with_a_code_takes_it_from_the_catalogue_and_every_code_is_used()
    {
        // Qualified: in this namespace `Messages` is the tests' Protocol/Messages folder.
        var messages = typeof(DotnetLive.Tool.UI.Messages).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (MessageDescriptor)f.GetValue(null)!)
            .Where(m => m.Code is not null)
            .Select(m => m.Code!)
            .ToList();
        messages.ShouldAllBe(c => Codes.Values.Contains(c));

        var sources = string.Join('\n', Directory.EnumerateFiles(Path.Combine(Repository.Root, "src"), "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".targets", StringComparison.Ordinal))
                && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal) && !f.EndsWith("DiagnosticCodes.cs", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        Codes.Where(c => !Regex.IsMatch(sources, $@"DiagnosticCodes\.{c.Key}\b") && !sources.Contains($"\"{c.Value}\"", StringComparison.Ordinal))
            .Select(c => c.Key)
            .ShouldBeEmpty("codes nothing uses");
    }

    [Fact]
    public void The_README_s_table_lists_exactly_the_codes_there_are()
    {
        var readme = File.ReadAllLines(Path.Combine(Repository.Root, "README.md"));
        var table = readme.SkipWhile(l => l != "### Exit codes and messages").TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal)).Where(l => RangeRow().IsMatch(l)).ToList();
        table.Count.ShouldBe(6, "the rows of the 1xxx–6xxx codes");

        var listed = table.SelectMany(l => Number().Matches(l).Select(m => "DLIVE" + m.Value)).ToHashSet();

        listed.Except(Codes.Values).ShouldBeEmpty("codes the README lists that do not exist");
        Codes.Values.Except(listed).ShouldBeEmpty("codes the README does not list");
    }

    [GeneratedRegex(@"^DLIVE[1-6]\d{3}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex(@"^\| [0-5] \| `DLIVE[1-6]xxx` \|")]
    private static partial Regex RangeRow();

    [GeneratedRegex(@"(?<![\w-])[1-6]\d{3}(?![\w-])")]
    private static partial Regex Number();
}
