using DotnetLive.Protocol.Changes;
using DotnetLive.Protocol.Manifests;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Protocol.Changes;

public sealed class ChangeSetPlannerTests
{
    private static readonly string HashA = new('a', 64);
    private static readonly string HashB = new('b', 64);
    private static readonly string HashC = new('c', 64);
    private static readonly string HashD = new('d', 64);
    private static readonly string HashE = new('e', 64);

    private static FileManifest Manifest(params (string Path, string Hash, long Size)[] entries) =>
        new(entries.Select(e => new ManifestEntry(e.Path, e.Hash, e.Size)));

    [Fact]
    public void Identical_manifests_plan_nothing()
    {
        var manifest = Manifest(("App.dll", HashA, 10), ("sub/x.json", HashB, 2));

        ChangeSetPlanner.Plan(manifest, Manifest(("sub/x.json", HashB, 2), ("App.dll", HashA, 10))).IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void A_one_line_edit_ships_only_the_files_whose_content_changed()
    {
        var held = Manifest(("App.dll", HashA, 100), ("App.pdb", HashB, 50), ("Newtonsoft.Json.dll", HashC, 700_000), ("appsettings.json", HashD, 20));
        var built = Manifest(("App.dll", HashE, 101), ("App.pdb", HashE.Replace('e', 'f'), 51), ("Newtonsoft.Json.dll", HashC, 700_000), ("appsettings.json", HashD, 20));

        var plan = ChangeSetPlanner.Plan(held, built);

        plan.Writes.Select(w => w.Entry.Path).ShouldBe(["App.dll", "App.pdb"], ignoreOrder: true);
        plan.Deletes.ShouldBeEmpty();
        plan.UploadBytes.ShouldBe(152);
    }

    [Fact]
    public void Added_and_deleted_files_are_planned()
    {
        var plan = ChangeSetPlanner.Plan(Manifest(("old.dll", HashA, 1)), Manifest(("new.dll", HashB, 2)));

        plan.Writes.ShouldHaveSingleItem().ShouldSatisfyAllConditions(
            w => w.Entry.Path.ShouldBe("new.dll"),
            w => w.CopyFrom.ShouldBeNull());
        plan.Deletes.ShouldBe(["old.dll"]);
        plan.UploadBytes.ShouldBe(2);
    }

    [Fact]
    public void A_rename_ships_no_bytes_but_copies_on_the_target()
    {
        var plan = ChangeSetPlanner.Plan(Manifest(("a/lib.dll", HashA, 1000)), Manifest(("b/lib.dll", HashA, 1000)));

        var write = plan.Writes.ShouldHaveSingleItem();
        write.Entry.Path.ShouldBe("b/lib.dll");
        write.CopyFrom.ShouldBe("a/lib.dll");
        plan.Deletes.ShouldBe(["a/lib.dll"]);
        plan.UploadBytes.ShouldBe(0);
        plan.Uploads.ShouldBeEmpty();
    }

    [Fact]
    public void Everything_is_new_against_an_empty_target()
    {
        var plan = ChangeSetPlanner.Plan(FileManifest.Empty, Manifest(("App.dll", HashA, 3), ("App.pdb", HashB, 4)));

        plan.Writes.Count.ShouldBe(2);
        plan.Writes.ShouldAllBe(w => w.CopyFrom == null);
        plan.UploadBytes.ShouldBe(7);
    }
}
