using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spar.Benchmarks.BenchRun;

/// <summary>
/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every POST at once with the same canned chat completion,
/// doing as little work as possible (no JSON parsing) so what is measured is the client.
/// </summary>
sealed class ZeroLatencyChatServer : IDisposable
{
    static readonly byte[] Response = Build();
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();

    public ZeroLatencyChatServer()
    {
        _listener.Start(1024);
        _ = Task.Run(AcceptLoop);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/chat/completions");

    static byte[] Build()
    {
        var body = """{"id":"b","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"B"},"finish_reason":"stop"}]}""";
        return Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}");
    }

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                _ = Task.Run(() => Serve(socket));
            }
            catch (Exception) { return; }
        }
    }

    async Task Serve(Socket socket)
    {
        using var _ = socket;
        var buffer = new byte[1 << 20];
        int filled = 0;
        try
        {
            while (true)
            {
                int headerEnd;
                while ((headerEnd = buffer.AsSpan(0, filled).IndexOf("\r\n\r\n"u8)) < 0)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0) return;
                    filled += n;
                }
                int length = ContentLength(buffer.AsSpan(0, headerEnd));
                int total = headerEnd + 4 + length;
                if (total > buffer.Length) Array.Resize(ref buffer, total * 2);
                while (filled < total)
                {
                    int n = await socket.ReceiveAsync(buffer.AsMemory(filled), _stop.Token);
                    if (n == 0) return;
                    filled += n;
                }
                await socket.SendAsync(Response, _stop.Token);
                buffer.AsSpan(total, filled - total).CopyTo(buffer);
                filled -= total;
            }
        }
        catch (Exception) { }
    }

    static int ContentLength(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        int at = text.IndexOf("Content-Length:", StringComparison.OrdinalIgnoreCase);
        if (at < 0) return 0;
        int end = text.IndexOf('\r', at);
        return int.Parse(text.AsSpan(at + 15, (end < 0 ? text.Length : end) - at - 15).Trim());
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
    }
}
