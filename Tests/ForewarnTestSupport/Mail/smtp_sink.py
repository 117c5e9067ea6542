#!/usr/bin/env python3
"""A real SMTP server for PortalMail's tests (aiosmtpd).

Listens on 127.0.0.1 on a free port and prints that port as the first line of
stdout. It counts TCP connections in FOLDER/connections. Every accepted message is written to FOLDER as NNNN.eml (the bytes as
received) with NNNN.json beside it holding the envelope (mail_from, rcpt_tos).

--reject SUBSTRING  answer 550 to RCPT TO addresses containing SUBSTRING
--defer SUBSTRING   answer 451 to RCPT TO addresses containing SUBSTRING
--port N            listen on this port instead of a free one (a test restarts "the same server")
--delay SECONDS     wait this long before storing each message (a test kills the sender meanwhile)
--timeout SECONDS   stop by itself after this long (default 30)
--stop-on-eof       also stop when stdin reaches end of file (the parent died)
"""
import argparse
import asyncio
import json
import os
import signal
import sys
import threading

from aiosmtpd.smtp import SMTP


class SinkHandler:
    def __init__(self, folder, reject, defer, delay=0.0):
        self.delay = delay
        self.folder = folder
        self.reject = reject
        self.defer = defer
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject in address:
            return f"550 5.1.1 <{address}>: mailbox unavailable (test sink rejects '{self.reject}')"
        if self.defer and self.defer in address:
            return f"451 4.3.0 <{address}>: mailbox busy, try again later (test sink defers '{self.defer}')"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        # Numbered after existing files, so a restarted sink on the same folder keeps counting.
        self.count = max(self.count, len([n for n in os.listdir(self.folder) if n.endswith(".eml")])) + 1
        base = os.path.join(self.folder, f"{self.count:04d}")
        with open(base + ".json.tmp", "w") as f:
            json.dump({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos}, f)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        # Renamed only when complete, so a reader never sees half a message.
        os.replace(base + ".json.tmp", base + ".json")
        os.replace(base + ".eml.tmp", base + ".eml")
        return "250 2.0.0 stored"


async def serve(args):
    loop = asyncio.get_running_loop()
    handler = SinkHandler(args.folder, args.reject, args.defer, args.delay)
    connections = [0]

    def accept():
        # One SMTP object per TCP connection: counted so tests can see whether a client reuses its connection.
        connections[0] += 1
        with open(os.path.join(args.folder, "connections"), "w") as f:
            f.write(str(connections[0]))
        return SMTP(handler, hostname="forewarn-test-sink")

    server = await loop.create_server(accept, host="127.0.0.1", port=args.port)
    print(server.sockets[0].getsockname()[1], flush=True)

    stop = asyncio.Event()
    loop.call_later(args.timeout, stop.set)
    if args.stop_on_eof:
        def wait_for_eof():
            sys.stdin.buffer.read()
            loop.call_soon_threadsafe(stop.set)
        threading.Thread(target=wait_for_eof, daemon=True).start()
    await stop.wait()
    server.close()


def main():
    # A parent may spawn us with signals blocked (the Swift test runner does): unblock them so SIGTERM works.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--reject")
    parser.add_argument("--defer")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--stop-on-eof", action="store_true")
    args = parser.parse_args()
    os.makedirs(args.folder, exist_ok=True)
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
