"""Posts batches of 1,000 messages to the portal for SECONDS from THREADS threads; prints how many were accepted (202)."""
import json, sys, threading, time, urllib.request
port, token, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
threads = int(sys.argv[4]) if len(sys.argv) > 4 else 2
accepted, lock, end = [0], threading.Lock(), time.time() + seconds
def run(tid):
    n = 0
    while time.time() < end:
        body = json.dumps([{"level": "error", "message": "http bench %d %d %d invoice retry" % (tid, n, i), "product": "billing-api",
                            "stage": "PROD", "version": "2.4.1"} for i in range(1000)]).encode()
        req = urllib.request.Request("http://127.0.0.1:%s/api/v1/logs" % port, data=body, method="POST",
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                if r.status == 202:
                    with lock: accepted[0] += 1000
        except urllib.error.HTTPError as e:
            if e.code != 503: raise
            time.sleep(0.05)
        n += 1
ts = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
[t.start() for t in ts]; [t.join() for t in ts]
print(accepted[0])
