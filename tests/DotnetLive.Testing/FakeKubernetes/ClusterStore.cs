using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// What the fake API server holds, as etcd does for the real one: the applied objects (here), the pods
/// (<c>ClusterStore.Pods.cs</c>), one revision counter for both, and each pod change as a
/// <see cref="WatchEvent"/> that watches replay and stream (<c>ClusterStore.Watches.cs</c>). One lock for
/// all of it, so a change and the event that tells of it are never seen apart.
/// </summary>
internal sealed partial class ClusterStore
{
    private readonly object _lock = new();
    private readonly Dictionary<string, JsonObject> _objects = new(StringComparer.Ordinal);
    private readonly List<AppliedRequest> _applied = [];
    private readonly List<string> _deleted = [];
    private long _revision = 1;

    public IReadOnlyList<AppliedRequest> Applied
    {
        get
        {
            lock (_lock)
            {
                return [.. _applied];
            }
        }
    }

    public IReadOnlyList<string> Deleted
    {
        get
        {
            lock (_lock)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>Records the request and stores its object with the server's metadata; whether it was created.</summary>
    public (JsonObject Stored, bool Created) Apply(AppliedRequest request, string apiVersion)
    {
        lock (_lock)
        {
            var key = Key(request.Kind, request.Namespace, request.Name);
            _applied.Add(request);
            var created = !_objects.TryGetValue(key, out var existing);
            var stored = (JsonObject)request.Body.DeepClone();
            var metadata = stored["metadata"]!.AsObject();
            metadata["namespace"] = request.Namespace;
            metadata["uid"] = existing?["metadata"]?["uid"]?.GetValue<string>() ?? Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = existing?["metadata"]?["creationTimestamp"]?.GetValue<string>() ?? DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
            metadata["managedFields"] = new JsonArray(new JsonObject { ["manager"] = request.FieldManager, ["operation"] = "Apply", ["apiVersion"] = apiVersion });
            _objects[key] = stored;
            return (stored, created);
        }
    }

    /// <summary>An object a controller makes (not an apply, so not in <see cref="Applied"/>), with the server's metadata: its uid.</summary>
    public string Create(string kind, string ns, string name, JsonObject body)
    {
        lock (_lock)
        {
            var metadata = body["metadata"]!.AsObject();
            var uid = Guid.NewGuid().ToString();
            metadata["namespace"] = ns;
            metadata["uid"] = uid;
            metadata["creationTimestamp"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            metadata["resourceVersion"] = (++_revision).ToString(CultureInfo.InvariantCulture);
            _objects[Key(kind, ns, name)] = body;
            return uid;
        }
    }

    /// <summary>The garbage collector: removes the objects of <paramref name="kind"/> whose controller is the object of <paramref name="ownerUid"/> (not a delete through the API).</summary>
    public void RemoveOwned(string kind, string ns, string ownerUid)
    {
        lock (_lock)
        {
            var owned = _objects.Where(o => o.Key.StartsWith($"{kind}/{ns}/", StringComparison.Ordinal)
                && o.Value["metadata"]?["ownerReferences"]?.AsArray().Any(r => r?["uid"]?.GetValue<string>() == ownerUid && r["controller"]?.GetValue<bool>() == true) == true);
            foreach (var key in owned.Select(o => o.Key).ToList())
            {
                _objects.Remove(key);
            }
        }
    }

    /// <summary>The object as a typed model, or null when there is none.</summary>
    public T? Get<T>(string kind, string ns, string name)
        where T : class
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(kind, ns, name), out var stored) ? KubernetesJson.Deserialize<T>(stored.ToJsonString()) : null;
        }
    }

    /// <summary>The object as stored, or null.</summary>
    public JsonObject? Find(string kind, string ns, string name)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key(kind, ns, name), out var stored) ? (JsonObject)stored.DeepClone() : null;
        }
    }

    /// <summary>
    /// Removes the object and records the delete, unless <paramref name="uid"/> is given and is not the
    /// object's: the removed object (null when none was), and the uid of the one there.
    /// </summary>
    public (JsonObject? Removed, string? Uid) Remove(string kind, string ns, string name, string? uid = null)
    {
        lock (_lock)
        {
            if (!_objects.TryGetValue(Key(kind, ns, name), out var stored))
            {
                return (null, null);
            }

            var actual = stored["metadata"]?["uid"]?.GetValue<string>();
            if (uid is not null && uid != actual)
            {
                return (null, actual);
            }

            _objects.Remove(Key(kind, ns, name));
            _deleted.Add($"{kind}/{ns}/{name}");
            return (stored, actual);
        }
    }

    public string? SecretValue(string ns, string name, string key)
    {
        lock (_lock)
        {
            return _objects.TryGetValue(Key("Secret", ns, name), out var secret) && secret["data"]?[key]?.GetValue<string>() is { } encoded
                ? Encoding.UTF8.GetString(Convert.FromBase64String(encoded))
                : null;
        }
    }

    private static string Key(string kind, string ns, string name) => $"{kind}/{ns}/{name}";
}
