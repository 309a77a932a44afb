using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DotnetLive.Protocol.Wire;

namespace DotnetLive.Tool.Targets.Docker;

/// <summary>
/// What a dev image, and a container made from one, is told apart by: a short digest of the lines it
/// is made from. The synclet's protocol version and assembly are always among them, so an upgraded
/// synclet makes another image (and another container).
/// </summary>
internal static class DevImageTag
{
    /// <summary>The tag of the dev image a registry holds: its recipe and its synclet, nothing of how a container runs it.</summary>
    public static string For(ImageRecipe recipe) => Of([recipe.Digest, Protocol, Synclet()]);

    /// <summary>The version of the protocol the synclet in the image speaks.</summary>
    public static string Protocol => ProtocolLimits.Version.ToString(CultureInfo.InvariantCulture);

    /// <summary>The content hash of the synclet the tool carries (and puts in the image).</summary>
    public static string Synclet() => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(ToolLayout.SyncletAssembly)));

    /// <summary>The digest of <paramref name="lines"/>, in order, each ended by a newline.</summary>
    public static string Of(IEnumerable<string> lines)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(line);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
