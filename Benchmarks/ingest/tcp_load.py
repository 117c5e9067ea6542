"""Sends octet-counted RFC 5424 frames to PORT for SECONDS over a few connections; prints how many were sent."""
import socket, sys, time
port, seconds = int(sys.argv[1]), float(sys.argv[2])
connections = int(sys.argv[3]) if len(sys.argv) > 3 else 2
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(connections)]
sent, end, chunk = 0, time.time() + seconds, 500
while time.time() < end:
    frames = []
    for i in range(chunk):
        msg = b'<11>1 2026-03-01T10:00:00.000Z bench-host billing-api - - [forewarn@32473 version="2.4.1" stage="PROD"] tcp bench %d payment gateway timeout' % (sent + i)
        frames.append(b"%d %s" % (len(msg), msg))
    socks[(sent // chunk) % connections].sendall(b"".join(frames))
    sent += chunk
for s in socks:
    s.close()
print(sent)
