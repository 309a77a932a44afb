using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace DotnetLive.Protocol.Sessions;

/// <summary>
/// Files that hold a session token: created readable and writable by the owner only (a new file, never
/// one planted there, nor a link's target), replaced atomically; never read through a link.
/// </summary>
internal static class PrivateFile
{
    public static void Write(string path, ReadOnlySpan<byte> content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
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

    /// <summary>
    /// Why <paramref name="path"/> is not a file <see cref="Write"/> made: a symbolic link (planted there).
    /// Its mode is not checked: file systems without Unix modes (a Windows drive under WSL) show every
    /// file as 0777. Null when it is a plain file or absent.
    /// </summary>
    public static string? Exposure(string path) =>
        new FileInfo(path) is { Exists: true, LinkTarget: not null } ? "it is a symbolic link" : null;

    /// <summary>The JSON in <paramref name="path"/>, or null when there is none, it cannot be read, or it is a link (<see cref="Exposure"/>).</summary>
    public static T? ReadJson<T>(string path, JsonTypeInfo<T> type) where T : class
    {
        if (Exposure(path) is not null)
        {
            return null;
        }

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
