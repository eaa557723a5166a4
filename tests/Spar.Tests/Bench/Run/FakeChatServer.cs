using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Spar.Tests.Bench.Run;

/// <summary>What the fake server does with one request.</summary>
public abstract record Reply
{
    public sealed record Answer(string Content, int DelayMs = 0) : Reply;
    public sealed record Status(int Code, string? RetryAfter = null) : Reply;
    /// <summary>Waits this long before answering (to exceed the client's timeout).</summary>
    public sealed record Slow(int DelayMs, string Content) : Reply;
    public sealed record Malformed : Reply;
    /// <summary>Sends the start of a 200 response, then closes the connection.</summary>
    public sealed record Drop : Reply;
    /// <summary>A 200 whose body says <c>Content-Encoding: gzip</c> but is not gzip (a broken proxy or server).</summary>
    public sealed record BadGzip : Reply;
    /// <summary>A 200 with exactly these body bytes (e.g. a completion whose text is a lone surrogate or invalid UTF-8).</summary>
    public sealed record Body(byte[] Bytes) : Reply;
    /// <summary>An error status with exactly this JSON body (a server's own error message, e.g. vLLM's).</summary>
    public sealed record Error(int Code, string Reason, string Json) : Reply;
}

/// <summary>One request as the server saw it.</summary>
public sealed record SeenRequest(string Path, string? Authorization, byte[] Body)
{
    /// <summary>How many image parts the user message carries.</summary>
    public int ImageCount
    {
        get
        {
            using var doc = JsonDocument.Parse(Body);
            return doc.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray()
                .Count(part => part.GetProperty("type").GetString() == "image_url");
        }
    }

    /// <summary>The text part of the user message (the prompt).</summary>
    public string Prompt
    {
        get
        {
            using var doc = JsonDocument.Parse(Body);
            foreach (var part in doc.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray())
                if (part.GetProperty("type").GetString() == "text") return part.GetProperty("text").GetString()!;
            throw new InvalidOperationException("no text part");
        }
    }
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (ephemeral port, keep-alive) that answers like an OpenAI-compatible
/// chat-completions endpoint and injects faults chosen per request by <paramref name="behave"/>, which gets the request
/// and how many times the same prompt was seen before (0 for the first).
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    readonly CancellationTokenSource _stop = new();
    readonly Func<SeenRequest, int, Reply> _behave;
    readonly ConcurrentDictionary<string, int> _seenPerPrompt = new();
    readonly ConcurrentBag<Task> _connections = [];
    readonly Task _accepting;
    int _inFlight, _maxInFlight;

    public FakeChatServer(Func<SeenRequest, int, Reply> behave)
    {
        _behave = behave;
        _listener.Start(512);
        _accepting = Task.Run(AcceptLoop); // off the test framework's synchronisation context
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1");

    public ConcurrentQueue<SeenRequest> Requests { get; } = new();

    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public int TimesSeen(string promptFragment) => _seenPerPrompt.Where(kv => kv.Key.Contains(promptFragment)).Sum(kv => kv.Value);

    public static string Completion(string content) =>
        JsonSerializer.Serialize(new { id = "x", @object = "chat.completion", choices = new[] { new { index = 0, message = new { role = "assistant", content }, finish_reason = "stop" } } });

    async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try { socket = await _listener.AcceptSocketAsync(_stop.Token); }
            catch (Exception) { return; }
            _connections.Add(Task.Run(() => Serve(socket)));
        }
    }

    async Task Serve(Socket socket)
    {
        using var _ = socket;
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var request = await ReadRequest(stream, buffer, chunk);
                if (request is null) return;
                Requests.Enqueue(request);
                int seen = 0;
                try { seen = _seenPerPrompt.AddOrUpdate(request.Prompt, 1, (_, n) => n + 1) - 1; }
                catch (Exception) { }
                int now = Interlocked.Increment(ref _inFlight);
                int max;
                while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max) { }
                try
                {
                    if (!await Respond(stream, _behave(request, seen))) return;
                }
                finally
                {
                    Interlocked.Decrement(ref _inFlight);
                }
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        catch (IOException) { }
        catch (SocketException) { }
        catch (OperationCanceledException) { }
    }

    /// <returns>false when the connection must be closed.</returns>
    async Task<bool> Respond(NetworkStream stream, Reply reply)
    {
        switch (reply)
        {
            case Reply.Answer a:
                if (a.DelayMs > 0) await Task.Delay(a.DelayMs, _stop.Token);
                await Write(stream, 200, "OK", Completion(a.Content));
                return true;
            case Reply.Slow s:
                await Task.Delay(s.DelayMs, _stop.Token);
                await Write(stream, 200, "OK", Completion(s.Content));
                return true;
            case Reply.Status s:
                await Write(stream, s.Code, s.Code == 429 ? "Too Many Requests" : "Error",
                    "{\"error\":{\"message\":\"injected " + s.Code + "\"}}", s.RetryAfter is null ? null : "Retry-After: " + s.RetryAfter + "\r\n");
                return true;
            case Reply.Error e:
                await Write(stream, e.Code, e.Reason, e.Json);
                return true;
            case Reply.Malformed:
                await Write(stream, 200, "OK", "{\"choices\":[{\"message\":{\"content\":\"trunc");
                return true;
            case Reply.BadGzip:
                var notGzip = Encoding.ASCII.GetBytes("\x1f this is not a gzip stream at all");
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: {notGzip.Length}\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(notGzip, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                return true;
            case Reply.Body b:
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {b.Bytes.Length}\r\n\r\n"), _stop.Token);
                await stream.WriteAsync(b.Bytes, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                return true;
            case Reply.Drop:
                var head = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"choices\":");
                await stream.WriteAsync(head, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                return false;
            default:
                throw new InvalidOperationException(reply.ToString());
        }
    }

    async Task Write(NetworkStream stream, int code, string reason, string body, string? extraHeaders = null)
    {
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {code} {reason}\r\nContent-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\n{extraHeaders}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await stream.WriteAsync(bodyBytes, _stop.Token);
        await stream.FlushAsync(_stop.Token);
    }

    async Task<SeenRequest?> ReadRequest(NetworkStream stream, MemoryStream pending, byte[] chunk)
    {
        int headerEnd;
        while ((headerEnd = IndexOf(pending, "\r\n\r\n"u8)) < 0)
        {
            int n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) return null;
            pending.Write(chunk, 0, n);
        }
        var all = pending.ToArray();
        var head = Encoding.ASCII.GetString(all, 0, headerEnd).Split("\r\n");
        var path = head[0].Split(' ')[1];
        int length = 0;
        string? authorization = null;
        foreach (var line in head.Skip(1))
        {
            int colon = line.IndexOf(':');
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) length = int.Parse(value);
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) authorization = value;
        }
        int bodyStart = headerEnd + 4;
        while (pending.Length - bodyStart < length)
        {
            int n = await stream.ReadAsync(chunk, _stop.Token);
            if (n == 0) return null;
            pending.Write(chunk, 0, n);
            all = pending.ToArray();
        }
        all = pending.ToArray();
        var body = all.AsSpan(bodyStart, length).ToArray();
        pending.SetLength(0);
        pending.Write(all, bodyStart + length, all.Length - bodyStart - length);
        return new SeenRequest(path, authorization, body);
    }

    static int IndexOf(MemoryStream s, ReadOnlySpan<byte> needle) => s.GetBuffer().AsSpan(0, (int)s.Length).IndexOf(needle);

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        try { await _accepting; } catch (Exception) { }
        try { await Task.WhenAll(_connections); } catch (Exception) { }
        _stop.Dispose();
    }
}
