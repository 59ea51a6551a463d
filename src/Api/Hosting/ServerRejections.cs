using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using Microsoft.AspNetCore.Connections;

namespace GasLedger.Api.Hosting;

/// <summary>
/// The security headers on the web server's own rejections too — a request line too long (414), headers too large
/// (431), broken framing (400), an unknown HTTP version (505): Kestrel answers those itself, before any middleware, so
/// <see cref="Hardening.UseSecurityHeaders"/> never sees them. A connection middleware (one per connection, inside
/// TLS where Kestrel terminates it) adds them: while no request of the connection is in the application, whatever
/// the server writes is a response of its own, and the headers go in after its status line. Answers of the
/// application pass through untouched.
/// </summary>
public sealed class ServerRejections
{
    private readonly ConcurrentDictionary<string, Connection> _connections = new();

    /// <summary>Whether a request of the connection is in the application (set by <see cref="Track"/>).</summary>
    private sealed class Connection
    {
        public volatile bool InApplication;
    }

    /// <summary>For Kestrel: <c>listenOptions.Use(rejections.Middleware)</c>.</summary>
    public ConnectionDelegate Middleware(ConnectionDelegate next) => async context =>
    {
        var connection = new Connection();
        _connections[context.ConnectionId] = connection;
        var transport = context.Transport;
        context.Transport = new Pipe(transport.Input, new HeaderWriter(transport.Output, connection));
        try
        {
            await next(context);
        }
        finally
        {
            _connections.TryRemove(context.ConnectionId, out _);
            context.Transport = transport;
        }
    };

    /// <summary>The first middleware of the application: marks its connection busy until the answer is complete.</summary>
    public Task Track(HttpContext http, RequestDelegate next)
    {
        if (http.Connection.Id is { } id && _connections.TryGetValue(id, out var connection))
        {
            connection.InApplication = true;
            http.Response.OnCompleted(() =>
            {
                connection.InApplication = false;
                return Task.CompletedTask;
            });
        }
        return next(http);
    }

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;
        public PipeWriter Output => output;
    }

    /// <summary>
    /// Passes the application's bytes through; holds what the server writes on its own until it is flushed, and adds
    /// the headers to it if it is a response without them.
    /// </summary>
    private sealed class HeaderWriter(PipeWriter inner, Connection connection) : PipeWriter
    {
        private static readonly byte[] Headers = Encoding.ASCII.GetBytes(
            "X-Content-Type-Options: nosniff\r\nX-Frame-Options: DENY\r\nReferrer-Policy: no-referrer\r\n" +
            $"Content-Security-Policy: {Hardening.ApiContentSecurityPolicy}\r\nCache-Control: no-store\r\n");

        private static readonly byte[] StatusLineStart = "HTTP/1."u8.ToArray();
        private static readonly byte[] Marker = "X-Content-Type-Options:"u8.ToArray();

        private ArrayBufferWriter<byte>? _held;

        private bool Holding => _held is not null || !connection.InApplication;

        public override Memory<byte> GetMemory(int sizeHint = 0) =>
            Holding ? (_held ??= new()).GetMemory(sizeHint) : inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => Holding ? (_held ??= new()).GetSpan(sizeHint) : inner.GetSpan(sizeHint);

        public override void Advance(int bytes)
        {
            if (_held is not null) _held.Advance(bytes);
            else inner.Advance(bytes);
        }

        public override async ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            Release();
            return await inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            Release();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            Release();
            await inner.CompleteAsync(exception);
        }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + (_held?.WrittenCount ?? 0);

        /// <summary>Writes what was held, with the headers after the status line of a response that lacks them.</summary>
        private void Release()
        {
            if (_held is not { } held) return;
            _held = null;
            var bytes = held.WrittenSpan;
            var endOfStatus = bytes.IndexOf("\r\n"u8);
            var endOfHeaders = bytes.IndexOf("\r\n\r\n"u8);
            if (bytes.StartsWith(StatusLineStart) && endOfStatus > 0 && endOfHeaders >= endOfStatus
                && bytes[..endOfHeaders].IndexOf(Marker) < 0)
            {
                inner.Write(bytes[..(endOfStatus + 2)]);
                inner.Write(Headers);
                inner.Write(bytes[(endOfStatus + 2)..]);
            }
            else inner.Write(bytes);
        }
    }
}
