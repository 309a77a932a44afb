using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace DotnetLive.Testing.FakeKubernetes;

/// <summary>
/// Connects to a port on 127.0.0.1 inside a pod's network namespace, as the kubelet's port-forward
/// does: the calling thread enters the namespace of the pod's sandbox process (setns), creates and
/// connects the socket there, and goes back. The socket stays in the pod's namespace. Needs root.
/// </summary>
internal static partial class PodNetwork
{
    private const int CloneNewNet = 0x40000000;
    private const int ReadOnly = 0;

    public static Task<Socket> ConnectAsync(int sandboxPid, int port)
    {
        var done = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            // Everything on this thread ends in the task: an exception escaping a thread would end the test host.
            int own = -1, pod = -1;
            try
            {
                own = Open("/proc/thread-self/ns/net");
                pod = Open($"/proc/{sandboxPid}/ns/net");
                if (SetNs(pod, CloneNewNet) != 0)
                {
                    throw new IOException($"setns into pid {sandboxPid}'s network namespace failed (errno {Marshal.GetLastPInvokeError()}); the fake kubelet needs root.");
                }

                // As the kubelet's Go dialer does: TCP_NODELAY on.
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Connect(IPAddress.Loopback, port);
                    done.SetResult(socket);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
#pragma warning disable CA1031 // See above: the caller gets the failure, whatever it is.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.TrySetException(e);
            }
            finally
            {
                if (own >= 0)
                {
                    _ = SetNs(own, CloneNewNet);
                    _ = Close(own);
                }

                if (pod >= 0)
                {
                    _ = Close(pod);
                }
            }
        })
        { IsBackground = true, Name = "pod-network" };
        thread.Start();
        return done.Task;
    }

    private static int Open(string path)
    {
        var fd = OpenFile(path, ReadOnly);
        return fd >= 0 ? fd : throw new IOException($"Cannot open {path} (errno {Marshal.GetLastPInvokeError()}).");
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int type);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
