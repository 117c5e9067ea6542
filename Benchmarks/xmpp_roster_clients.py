#!/usr/bin/env python3
"""Many light XMPP clients in one asyncio process, for the presence benchmark (raw sockets, no TLS, SASL PLAIN):
signs in PREFIX0..PREFIX{N-1}@DOMAIN on 127.0.0.1:PORT, subscribes each to SERVICE, prints {"ready": n, "at": t} once
every client has a presence from SERVICE, then waits for a presence with <show>dnd</show> from SERVICE on every
connection and prints {"received": n, "first": t, "last": t} (Unix times). Ends after --timeout seconds at most."""
import argparse, asyncio, base64, json, re, signal, sys, time


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


async def read_until(reader, buffer, pattern, deadline):
    while not re.search(pattern, buffer[0], re.S):
        chunk = await asyncio.wait_for(reader.read(65536), max(0.1, deadline - time.time()))
        if not chunk:
            raise ConnectionError("closed")
        buffer[0] += chunk.decode("utf-8", "replace")


async def client(index, args, subscribed, dnd, deadline):
    # A thousand connections at once overflow the listen backlog now and then (reset by peer): try again.
    for attempt in range(5):
        try:
            return await session(index, args, subscribed, dnd, deadline)
        except ConnectionError:
            if index in subscribed or attempt == 4:
                raise
            await asyncio.sleep(0.2 * (attempt + 1))


async def session(index, args, subscribed, dnd, deadline):
    user = f"{args.prefix}{index}"
    reader, writer = await asyncio.open_connection("127.0.0.1", args.port)
    header = f"<?xml version='1.0'?><stream:stream to='{args.domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
    buffer = [""]
    writer.write(header.encode())
    await read_until(reader, buffer, r"</stream:features>", deadline)
    token = base64.b64encode(f"\0{user}\0{args.password}".encode()).decode()
    buffer[0] = ""
    writer.write(f"<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>{token}</auth>".encode())
    await read_until(reader, buffer, r"<success|<failure", deadline)
    if "<failure" in buffer[0]:
        raise ConnectionError(f"{user}: authentication failed")
    buffer[0] = ""
    writer.write(header.encode())
    await read_until(reader, buffer, r"</stream:features>", deadline)
    buffer[0] = ""
    writer.write(b"<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>bench</resource></bind></iq>")
    await read_until(reader, buffer, r"id=['\"]bind1['\"]", deadline)
    buffer[0] = ""
    writer.write(f"<presence/><presence to='{args.service}' type='subscribe'/>".encode())
    service = re.escape(args.service)
    from_service = rf"<presence[^>]*from=['\"]{service}(/[^'\"]*)?['\"][^>]*?(/>|>.*?</presence>)"
    await read_until(reader, buffer, from_service, deadline)
    subscribed.append(index)
    seen = 0
    while True:
        stanzas = [m.group(0) for m in re.finditer(from_service, buffer[0], re.S)]
        if any("<show>dnd</show>" in s for s in stanzas[seen:]):
            dnd.append(time.time())
            break
        seen = len(stanzas)
        chunk = await asyncio.wait_for(reader.read(65536), max(0.1, deadline - time.time()))
        if not chunk:
            break
        buffer[0] += chunk.decode("utf-8", "replace")
    writer.close()


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("service")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--prefix", default="user")
    parser.add_argument("--domain", default="example.org")
    parser.add_argument("--password", default="bench-password")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    deadline = time.time() + args.timeout
    subscribed, dnd = [], []
    tasks = []
    for i in range(args.count):
        tasks.append(asyncio.ensure_future(client(i, args, subscribed, dnd, deadline)))
        if i % 25 == 24:
            await asyncio.sleep(0.05)
    while len(subscribed) < args.count and time.time() < deadline and not all(t.done() for t in tasks):
        await asyncio.sleep(0.05)
    emit(ready=len(subscribed), at=time.time())
    await asyncio.gather(*tasks, return_exceptions=True)
    errors = [str(t.exception()) for t in tasks if t.exception() is not None][:3]
    emit(received=len(dnd), first=min(dnd) if dnd else None, last=max(dnd) if dnd else None, errors=errors)


if __name__ == "__main__":
    # The test runner blocks signals its children inherit; asyncio needs them.
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    asyncio.run(main())
