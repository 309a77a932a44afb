using System.Reflection;
using DotnetLive.Tests.Tool.Build;
using DotnetLive.Tool.Loop;
using Shouldly;
using Xunit;

namespace DotnetLive.Tests.Architecture;

/// <summary>The folders of each project depend one way (the layering the README draws): a cycle fails here, naming the uses that close it.</summary>
public sealed class LayeringTests
{
    public static TheoryData<string, string> Assemblies => new()
    {
        { typeof(Updater).Assembly.GetName().Name!, "DotnetLive.Tool" },
        { typeof(DotnetLive.Synclet.Server.UpdateCoordinator).Assembly.GetName().Name!, "DotnetLive.Synclet" },
        { typeof(DotnetLive.Protocol.ProtocolJson).Assembly.GetName().Name!, "DotnetLive.Protocol" },
    };

    [Theory]
    [MemberData(nameof(Assemblies))]
    public void No_folder_depends_on_one_that_depends_on_it(string assembly, string rootNamespace)
    {
        // The tool's build types derive from MSBuild's, which load from the SDK as the tool loads them.
        InProcessMsBuild.Register();

        var graph = NamespaceGraph.Of(Assembly.Load(assembly), rootNamespace);

        graph.Edges.Count.ShouldBeGreaterThan(3, "the graph was read");
        graph.Cycles().ShouldBeEmpty();
    }
}
