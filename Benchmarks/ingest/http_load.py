"""Posts batches of 1,000 messages to the portal for SECONDS from THREADS threads over keep-alive connections; prints
how many were accepted (202). Bodies are built before the clock starts, so the client's JSON encoding is not measured.
Meanwhile a probe posts one message with a unique word every 0.25 s and asks GET /api/v1/logs?q=word every 10 ms from
its 202 until it is found: the search lag behind the commit, printed on stderr (the probes are not counted above)."""
import http.client, json, random, sys, threading, time, urllib.parse
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
lags, missed = [], [0]
def probe():
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    n, tag = 0, random.Random(7).randrange(1 << 30)
    while time.time() < end:
        word = "probe%dx%d" % (tag, n)
        connection.request("POST", "/api/v1/logs", body=json.dumps([{"level": "info", "message": word, "product": "probe"}]).encode(), headers=headers)
        response = connection.getresponse(); response.read()
        if response.status != 202:
            time.sleep(0.05); continue
        committed = time.time()
        while True:
            connection.request("GET", "/api/v1/logs?per_page=1&q=" + urllib.parse.quote(word), headers=headers)
            response = connection.getresponse(); body = response.read()
            if response.status == 200 and json.loads(body)["items"]:
                lags.append(time.time() - committed); break
            if time.time() - committed > 30:
                missed[0] += 1; break
            time.sleep(0.01)
        n += 1
        time.sleep(max(0, 0.25 - (time.time() - committed)))
    connection.close()
ts = [threading.Thread(target=run, args=(t,)) for t in range(threads)] + [threading.Thread(target=probe)]
[t.start() for t in ts]; [t.join() for t in ts]
lags.sort()
if lags:
    pick = lambda q: lags[min(len(lags) - 1, int(q * len(lags)))] * 1000
    print("search lag (202 to found by q=, %d probes, %d not found within 30 s): p50 %.0f ms, p95 %.0f ms, max %.0f ms (target < 1 s)"
          % (len(lags), missed[0], pick(0.5), pick(0.95), lags[-1] * 1000), file=sys.stderr)
print(accepted[0])
