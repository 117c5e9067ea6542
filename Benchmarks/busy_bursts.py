"""Bursts for Benchmarks/busy_bench.sh from one process: 20 sign-ins (argon2id) and 5 report PDFs at once, again and
again until STOP exists. One Python process with threads, so the load generator does not fork ~100 curl, awk and
mktemp processes per burst that would compete with the server for the same two cores.
usage: busy_bursts.py PORT COOKIE PDF_PATH PASSWORD STOP STATUS_FILE"""
import http.client, os, re, sys, threading, urllib.parse

port, cookie, pdf_path, password, stop, status_path = sys.argv[1:7]
lock = threading.Lock()
counts = {}


def note(what):
    with lock:
        counts[what] = counts.get(what, 0) + 1


def sign_in():
    try:
        c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
        c.request("GET", "/login")
        r = c.getresponse()
        r.read()
        jar = {}
        for name, value in r.getheaders():
            if name.lower() == "set-cookie":
                k, _, v = value.split(";")[0].partition("=")
                jar[k] = v
        csrf = jar.get("forewarn_csrf", "")
        body = urllib.parse.urlencode({"_csrf": csrf, "login": "bench", "password": password})
        c.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://127.0.0.1:{port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
        r = c.getresponse()
        r.read()
        signed = any(n.lower() == "set-cookie" and v.startswith("forewarn_session=") for n, v in r.getheaders())
        note("signin" if signed else f"signin-{r.status}")
    except Exception:
        note("signin-error")


def pdf():
    try:
        c = http.client.HTTPConnection("127.0.0.1", int(port), timeout=120)
        c.request("GET", pdf_path, headers={"Cookie": cookie})
        r = c.getresponse()
        r.read()
        note(f"pdf-{r.status}")
    except Exception:
        note("pdf-error")


while not os.path.exists(stop):
    threads = [threading.Thread(target=sign_in) for _ in range(20)] + [threading.Thread(target=pdf) for _ in range(5)]
    for t in threads: t.start()
    for t in threads: t.join()
with open(status_path, "w") as f:
    for what, n in sorted(counts.items()):
        f.write(f"{what} {n}\n")
