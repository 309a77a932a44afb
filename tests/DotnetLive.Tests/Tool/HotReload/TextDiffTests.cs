using DotnetLive.Tool.HotReload;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Tool.HotReload;

public sealed class TextDiffTests
{
    [Fact]
    public void Equal_texts_have_no_change()
    {
        TextDiff.Changes("a\nb\n", "a\nb\n").ShouldBeEmpty();
    }

    [Fact]
    public void A_changed_word_is_narrowed_to_its_characters()
    {
        var before = "one\nvar x = \"m1\";\nthree\n";
        var change = TextDiff.Changes(before, "one\nvar x = \"m2\";\nthree\n").ShouldHaveSingleItem();
        before[change.Start..change.End].ShouldBe("1");
    }

    [Fact]
    public void Edits_far_apart_are_separate_changes_in_old_offsets()
    {
        var before = "a1\nkeep\nkeep\nkeep\nb1\n";
        var changes = TextDiff.Changes(before, "a2\nkeep\nkeep\nkeep\nb2\n");
        changes.Select(c => before[c.Start..c.End]).ShouldBe(["1", "1"]);
        changes[1].Start.ShouldBe(before.IndexOf("b1", StringComparison.Ordinal) + 1);
    }

    [Fact]
    public void An_inserted_line_is_an_empty_change_where_it_goes()
    {
        var before = "first\r\nlast\r\n";
        var change = TextDiff.Changes(before, "first\r\nnew\r\nlast\r\n").ShouldHaveSingleItem();
        change.Start.ShouldBe(change.End);
        TextPosition.At(before, change.Start).ShouldBe(new TextPosition(2, 1));
    }

    [Fact]
    public void Positions_are_one_based_lines_and_columns()
    {
        TextPosition.At("ab\ncd", 4).ShouldBe(new TextPosition(2, 2));
        new TextPosition(2, 2).IsBefore(2, 3).ShouldBeTrue();
        new TextPosition(2, 2).IsAfter(1, 9).ShouldBeTrue();
    }
}
