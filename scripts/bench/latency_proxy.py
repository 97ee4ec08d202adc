#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that adds a fixed delay to every HTTP request it forwards.

Used by scripts/bench/linked.sh to make a local OpenBao server look like a remote one
(20 ms per request by default), so that fetching 100 secrets one at a time pays 100 round
trips and fetching them in parallel does not.

Why per request and not per connection: clients keep connections alive (locket's HTTP client
reuses one connection for many requests; so may `bao`), and a per-connection delay would let
every request after the first through for free. So each connection tracks whether a request is
in flight: the first client->server bytes after the server's previous answer (or on a new
connection) start a new request and are held back `--delay-ms` before being forwarded; the
rest of that request (body chunks) goes straight on. The answer flowing back ends the request.
This assumes HTTP/1.x without pipelining, which is what `bao` and locket speak over plain http
(HTTP/2 would multiplex requests on one stream of bytes; then every chunk is delayed instead,
with `--every-chunk`).

Usage: latency_proxy.py --upstream 127.0.0.1:8200 [--listen-port 0] [--delay-ms 20]
                        [--port-file FILE] [--every-chunk]
With --listen-port 0 (the default) the OS picks a free port; it is printed on stdout and, if
asked, written to --port-file once the proxy accepts connections. Stop it with SIGTERM/SIGINT.
"""

import argparse
import asyncio
import os
import signal
import sys


async def pump(reader, writer, before_write=None, after_write=None):
    """Copies reader to writer until EOF or an error, calling the hooks around each chunk."""
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            if before_write is not None:
                await before_write()
            writer.write(data)
            await writer.drain()
            if after_write is not None:
                after_write()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def handle(client_reader, client_writer, upstream, delay, every_chunk):
    host, port = upstream
    try:
        server_reader, server_writer = await asyncio.open_connection(host, port)
    except OSError:
        client_writer.close()
        return
    # True while a request has been forwarded and its answer has not started coming back.
    state = {"in_request": False}

    async def before_client_chunk():
        if every_chunk or not state["in_request"]:
            await asyncio.sleep(delay)
        state["in_request"] = True

    def after_server_chunk():
        state["in_request"] = False

    await asyncio.gather(
        pump(client_reader, server_writer, before_write=before_client_chunk),
        pump(server_reader, client_writer, after_write=after_server_chunk),
    )


async def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--upstream", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--listen-port", type=int, default=0, help="0: any free port")
    parser.add_argument("--delay-ms", type=float, default=20.0)
    parser.add_argument("--port-file", help="write the listening port here once ready")
    parser.add_argument("--every-chunk", action="store_true",
                        help="delay every client->server chunk, not only request starts")
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")
    upstream = (host or "127.0.0.1", int(port))
    delay = args.delay_ms / 1000.0

    server = await asyncio.start_server(
        lambda r, w: handle(r, w, upstream, delay, args.every_chunk),
        host="127.0.0.1", port=args.listen_port)
    listen_port = server.sockets[0].getsockname()[1]
    if args.port_file:
        # Written atomically so that a reader never sees a partial number.
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{listen_port}\n")
        os.replace(tmp, args.port_file)
    print(f"latency proxy: 127.0.0.1:{listen_port} -> {upstream[0]}:{upstream[1]}, "
          f"+{args.delay_ms:g} ms per request", flush=True)

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
