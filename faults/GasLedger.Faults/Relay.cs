using System.Net;
using System.Net.Sockets;

namespace GasLedger.Faults;

/// <summary>
/// <c>GasLedger.Faults relay LISTEN TARGET PORT…</c>: forwards each TCP connection to LISTEN:PORT to TARGET:PORT until
/// killed. Run in the partition scenario's network namespace, it lets the node there reach the database at
/// 127.0.0.1:PORT — the very address the other nodes use, so the node names the database as they do (Wolverine's
/// agents for the projections carry that name) — over the namespace's veth pair, where the partition's rule drops the
/// replies. Once either side closes or fails, the other is closed.
/// </summary>
public static class Relay
{
    public static async Task Run(string listen, string target, int[] ports)
    {
        var listeners = ports.Select(port => Accepting(new TcpListener(IPAddress.Parse(listen), port), target, port)).ToArray();
        Console.WriteLine($"relaying {listen} → {target} on ports {string.Join(", ", ports)}");
        await Task.WhenAll(listeners);
    }

    private static async Task Accepting(TcpListener listener, string target, int port)
    {
        listener.Start();
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(async () =>
            {
                using var downstream = client;
                using var upstream = new TcpClient();
                try
                {
                    await upstream.ConnectAsync(target, port);
                    var a = downstream.GetStream();
                    var b = upstream.GetStream();
                    await Task.WhenAny(a.CopyToAsync(b), b.CopyToAsync(a));
                }
                catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException) { }
            });
        }
    }
}
