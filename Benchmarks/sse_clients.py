#!/usr/bin/env python3
"""Holds N Server-Sent Events streams on /live/events and counts the events each receives while moods change.

Usage: sse_clients.py PORT COOKIE TOKEN STREAMS SECONDS READY_FILE SERVICE...
Opens STREAMS streams (at most 100 connecting at once), writes READY_FILE once all are open, then every 2 s opens an
incident on each SERVICE or resolves them in turn (through the API, so the services' moods change and the server
publishes events), holds for SECONDS and prints one line: streams opened, refused, events received (min/median/total).
"""
import asyncio
import datetime
import json
import statistics
import sys
import time


async def hold(port, cookie, index, counts, state, gate, stop):
    async with gate:
        try:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            state["failed"] += 1
            return
        writer.write((f"GET /live/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
                      f"Cookie: {cookie}\r\n\r\n").encode())
        await writer.drain()
        try:
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
        except (asyncio.TimeoutError, asyncio.IncompleteReadError, ConnectionError):
            state["failed"] += 1
            return
    if b" 200 " not in head.split(b"\r\n", 1)[0]:
        state["refused"] += 1
        writer.close()
        return
    state["open"] += 1
    tail = b""
    try:
        while not stop.is_set():
            data = await reader.read(65536)
            if not data:
                break
            chunk = tail + data
            counts[index] += chunk.count(b"event: level")
            tail = chunk[-11:]
    except ConnectionError:
        pass
    if stop.is_set():
        state["held"] += 1
    writer.close()


async def api(port, token, path, body):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    data = json.dumps(body).encode()
    writer.write((f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: Bearer {token}\r\n"
                  f"Content-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data)
    await writer.drain()
    response = await reader.read()
    writer.close()
    head, _, payload = response.partition(b"\r\n\r\n")
    if b" 20" not in head.split(b"\r\n", 1)[0]:
        raise SystemExit(f"{path} answered {head.splitlines()[0]!r}: {payload[:300]!r}")
    return json.loads(payload) if payload.strip().startswith(b"{") else {}


async def flip(port, token, services, opened):
    if opened:
        await asyncio.gather(*(api(port, token, f"/api/v1/incidents/{i}/resolve", {"resolution": "bench flip"}) for i in opened))
        return []
    started = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%S")
    bodies = [{"title": f"bench {name}", "severity": "minor", "targets": [{"kind": "service", "name": name}],
               "started_at": started, "time_zone": "UTC"} for name in services]
    return [r["id"] for r in await asyncio.gather(*(api(port, token, "/api/v1/incidents", b) for b in bodies))]


async def main():
    port, cookie, token, streams, seconds, ready_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]), sys.argv[6]
    services = sys.argv[7:]
    counts = [0] * streams
    state = {"open": 0, "refused": 0, "failed": 0, "held": 0}
    gate, stop = asyncio.Semaphore(100), asyncio.Event()
    tasks = [asyncio.create_task(hold(port, cookie, i, counts, state, gate, stop)) for i in range(streams)]
    started = time.monotonic()
    while state["open"] + state["refused"] + state["failed"] < streams and time.monotonic() - started < 60:
        await asyncio.sleep(0.1)
    open(ready_file, "w").write(f"{state['open']}\n")
    flips, opened = 0, []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        opened = await flip(port, token, services, opened)
        flips += 1
        await asyncio.sleep(2)
    if opened:
        await flip(port, token, services, opened)
    await asyncio.sleep(3)  # the last flip's events reach the streams within the feed's one-second poll
    stop.set()
    received = [c for c in counts]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    opened = state["open"]
    print(f"streams {streams}: opened {opened}, refused {state['refused']}, failed {state['failed']}; "
          f"{flips} flips of incidents on {len(services)} services; events per stream min {min(received)} median {statistics.median(received):.0f} "
          f"total {sum(received)}")


asyncio.run(main())
