using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// Where the app's start-up code is: the statements of its entry point (the top-level statements, or
/// <c>Main</c>), read from the debug information of the build the app runs, with the text of their
/// files at that build. Hot Reload applies an edit there to a method that has already run and never runs
/// again — a renamed route, a service registered, a setting read at start — so the app would go on
/// serving the old code. <see cref="Changed"/> tells such an edit from one inside a lambda or local
/// function of the entry point (a minimal API's handler), which runs on each call and is live.
/// </summary>
internal sealed class StartupCode
{
    private readonly IReadOnlyList<Document> _documents;
    private readonly string _kind;

    private StartupCode(IReadOnlyList<Document> documents, string kind)
    {
        _documents = documents;
        _kind = kind;
    }

    /// <summary>The start-up code of <paramref name="assemblyPath"/>, from its portable PDB next to it; null when there is none to read.</summary>
    public static StartupCode? Read(string assemblyPath)
    {
        var pdbPath = Path.ChangeExtension(assemblyPath, ".pdb");
        try
        {
            using var assembly = new PEReader(File.OpenRead(assemblyPath));
            var entryToken = assembly.PEHeaders.CorHeader?.EntryPointTokenOrRelativeVirtualAddress ?? 0;
            if (entryToken == 0 || !File.Exists(pdbPath))
            {
                return null;
            }

            using var pdbFile = File.OpenRead(pdbPath);
            using var provider = MetadataReaderProvider.FromPortablePdbStream(pdbFile);
            var pdb = provider.GetMetadataReader();
            var metadata = assembly.GetMetadataReader();
            var entry = EntryMethods(metadata, (MethodDefinitionHandle)MetadataTokens.EntityHandle(entryToken));
            var spans = new Dictionary<DocumentHandle, (List<Span> Entry, List<Span> Nested)>();
            foreach (var handle in pdb.MethodDebugInformation)
            {
                var method = handle.ToDefinitionHandle();
                var info = pdb.GetMethodDebugInformation(handle);
                var kickoff = info.GetStateMachineKickoffMethod();
                var isEntry = entry.Contains(method) || (!kickoff.IsNil && entry.Contains(kickoff));
                foreach (var point in info.GetSequencePoints())
                {
                    if (point.IsHidden)
                    {
                        continue;
                    }

                    if (!spans.TryGetValue(point.Document, out var lists))
                    {
                        spans[point.Document] = lists = ([], []);
                    }

                    (isEntry ? lists.Entry : lists.Nested).Add(new Span(point.StartLine, point.StartColumn, point.EndLine, point.EndColumn));
                }
            }

            var documents = new List<Document>();
            foreach (var (handle, (entrySpans, nested)) in spans)
            {
                if (entrySpans.Count == 0)
                {
                    continue;
                }

                var document = pdb.GetDocument(handle);
                var path = pdb.GetString(document.Name);

                // Only the text the app was built from is a base to compare with: the file, if it has not changed since.
                if (!File.Exists(path) || !SHA256.HashData(File.ReadAllBytes(path)).AsSpan().SequenceEqual(pdb.GetBlobBytes(document.Hash)))
                {
                    return null;
                }

                documents.Add(new Document(path, File.ReadAllText(path), entrySpans, nested));
            }

            var topLevel = entry.Any(m => metadata.GetString(metadata.GetMethodDefinition(m).Name) == "<Main>$");
            return documents.Count == 0 ? null : new StartupCode(documents, topLevel ? "top-level statements" : "Main");
        }
        catch (Exception e) when (e is IOException or BadImageFormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Which start-up code the edits since the build changed (text outside any lambda or local function of
    /// the entry point, between its first statement and its last), as "Program.cs top-level statements";
    /// null when none did.
    /// </summary>
    public string? Changed()
    {
        foreach (var document in _documents)
        {
            string now;
            try
            {
                now = File.ReadAllText(document.Path);
            }
            catch (IOException)
            {
                return $"{Path.GetFileName(document.Path)} {_kind}";
            }

            if (now != document.Text && TextDiff.Changes(document.Text, now).Any(document.IsStartup))
            {
                return $"{Path.GetFileName(document.Path)} {_kind}";
            }
        }

        return null;
    }

    /// <summary>The entry point, and with an async one the method it runs (`&lt;Main&gt;$` behind a synthesized `&lt;Main&gt;`).</summary>
    private static HashSet<MethodDefinitionHandle> EntryMethods(MetadataReader metadata, MethodDefinitionHandle entryPoint)
    {
        var entry = new HashSet<MethodDefinitionHandle> { entryPoint };
        var type = metadata.GetTypeDefinition(metadata.GetMethodDefinition(entryPoint).GetDeclaringType());
        foreach (var method in type.GetMethods())
        {
            if (metadata.GetString(metadata.GetMethodDefinition(method).Name) is "<Main>$" or "Main")
            {
                entry.Add(method);
            }
        }

        return entry;
    }

    /// <summary>A sequence point's extent: 1-based lines and columns, the end column exclusive.</summary>
    private readonly record struct Span(int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        public bool Contains(TextPosition start, TextPosition end) => !start.IsBefore(StartLine, StartColumn) && !end.IsAfter(EndLine, EndColumn);
    }

    private sealed record Document(string Path, string Text, List<Span> Entry, List<Span> Nested)
    {
        /// <summary>A change between the entry point's first statement and its last that lies within no nested method's statement.</summary>
        public bool IsStartup(TextChange change)
        {
            var first = Entry.MinBy(s => (s.StartLine, s.StartColumn));
            var last = Entry.MaxBy(s => (s.EndLine, s.EndColumn));
            var (start, end) = (TextPosition.At(Text, change.Start), TextPosition.At(Text, change.End));
            var withinEntry = !end.IsBefore(first.StartLine, first.StartColumn) && !start.IsAfter(last.EndLine, last.EndColumn);
            return withinEntry && !Nested.Any(s => s.Contains(start, end));
        }
    }
}
