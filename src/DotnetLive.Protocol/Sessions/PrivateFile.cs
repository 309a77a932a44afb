using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DotnetLive.Protocol.Sessions;

/// <summary>Files that hold a session token: created readable and writable by the owner only, replaced atomically.</summary>
internal static class PrivateFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        File.Delete(temp);
        using (var stream = new FileStream(temp, options))
        {
            stream.Write(content);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Writes <paramref name="value"/> as JSON, owner-only and atomically.</summary>
    public static void WriteJson<T>(string path, T value, JsonTypeInfo<T> type) =>
        Write(path, JsonSerializer.SerializeToUtf8Bytes(value, type));

    /// <summary>The JSON in <paramref name="path"/>, or null when there is none or it cannot be read.</summary>
    public static T? ReadJson<T>(string path, JsonTypeInfo<T> type) where T : class
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize(stream, type);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
