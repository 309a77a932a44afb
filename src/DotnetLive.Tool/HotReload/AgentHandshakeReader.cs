using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using DotnetLive.Protocol.Messages;

namespace DotnetLive.Tool.HotReload;

/// <summary>
/// Reads, from the SDK's own Hot Reload agent assembly (the startup hook dotnet watch hands the app), the
/// bytes of its pipe protocol that the synclet needs to start the agent without an engine: the values of
/// its <c>RequestType.InitialUpdatesCompleted</c> and <c>ResponseType.InitializationResponse</c>
/// constants, which differ between SDK versions. Nothing of the assembly is loaded or run.
/// </summary>
internal static class AgentHandshakeReader
{
    /// <summary>The handshake of the agent among <paramref name="hooks"/> (startup hook paths); null when none is a Hot Reload agent this reads.</summary>
    public static AgentHandshake? Read(IEnumerable<string> hooks)
    {
        foreach (var hook in hooks)
        {
            if (File.Exists(hook) && Read(hook) is { } handshake)
            {
                return handshake;
            }
        }

        return null;
    }

    private static AgentHandshake? Read(string assembly)
    {
        try
        {
            using var stream = File.OpenRead(assembly);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var requests = Constants(metadata, "RequestType");
            if (!requests.TryGetValue("InitialUpdatesCompleted", out var completed))
            {
                return null;
            }

            // SDKs before the responses carried a type have no ResponseType.
            byte? initialization = Constants(metadata, "ResponseType").TryGetValue("InitializationResponse", out var type) ? type : null;
            return new AgentHandshake(initialization, completed);
        }
        catch (Exception e) when (e is BadImageFormatException or IOException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The byte-valued constants of the enum named <paramref name="enumName"/> in the Hot Reload namespace.</summary>
    private static Dictionary<string, byte> Constants(MetadataReader metadata, string enumName)
    {
        var values = new Dictionary<string, byte>(StringComparer.Ordinal);
        foreach (var handle in metadata.TypeDefinitions)
        {
            var type = metadata.GetTypeDefinition(handle);
            if (metadata.GetString(type.Name) != enumName || metadata.GetString(type.Namespace) != "Microsoft.DotNet.HotReload")
            {
                continue;
            }

            foreach (var fieldHandle in type.GetFields())
            {
                var field = metadata.GetFieldDefinition(fieldHandle);
                if (field.GetDefaultValue() is { IsNil: false } constant)
                {
                    var blob = metadata.GetBlobReader(metadata.GetConstant(constant).Value);
                    values[metadata.GetString(field.Name)] = blob.ReadByte();
                }
            }
        }

        return values;
    }
}
