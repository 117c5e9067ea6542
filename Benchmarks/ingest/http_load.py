"""Posts batches of 1,000 messages to the portal for SECONDS from THREADS threads over keep-alive connections; prints
how many were accepted (202). Bodies are built before the clock starts, so the client's JSON encoding is not measured."""
import http.client, json, sys, threading, time
port, token, seconds = int(sys.argv[1]), sys.argv[2], float(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
bodies = [[json.dumps([{"level": "error", "message": "http bench %d %d %d invoice retry" % (tid, n, i), "product": "billing-api",
                        "stage": "PROD", "version": "2.4.1"} for i in range(1000)]).encode() for n in range(8)] for tid in range(threads)]
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
accepted, lock = [0], threading.Lock()
end = time.time() + seconds
def run(tid):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n = 0
    while time.time() < end:
        connection.request("POST", "/api/v1/logs", body=bodies[tid][n % len(bodies[tid])], headers=headers)
        response = connection.getresponse()
        response.read()
        if response.status == 202:
            with lock: accepted[0] += 1000
        elif response.status == 503:
            time.sleep(0.05)
        else:
            raise SystemExit("unexpected HTTP %d" % response.status)
        n += 1
    connection.close()
ts = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(accepted[0])
