#!/usr/bin/env python3
"""A webhook receiver on 127.0.0.1 for the tests: prints its port, stores each POST as NNNN.json
({"headers": {...}, "body": "...", "valid": bool}) in FOLDER, checking the HMAC-SHA256 signature with the secret in
FOLDER/secret (the test writes it once Forewarn has made it). --fail N answers 503 to
the first N requests; --redirect URL answers every request with 307 to URL. Stops after --timeout seconds or when stdin closes."""
import argparse, hashlib, hmac, json, os, signal, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--redirect", default="")
    args = parser.parse_args()
    state = {"count": 0, "failed": 0}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if args.redirect:
                self.send_response(307)
                self.send_header("Location", args.redirect)
                self.end_headers()
                return
            if state["failed"] < args.fail:
                state["failed"] += 1
                self.send_response(503)
                self.end_headers()
                return
            secret_file = os.path.join(args.folder, "secret")
            secret = open(secret_file).read().strip() if os.path.exists(secret_file) else ""
            expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
            given = self.headers.get("X-Forewarn-Signature", "")
            state["count"] += 1
            path = os.path.join(args.folder, "%04d.json" % state["count"])
            with open(path + ".tmp", "w") as f:
                json.dump({"headers": dict(self.headers), "body": body.decode(), "valid": hmac.compare_digest(expected, given)}, f)
            os.replace(path + ".tmp", path)
            self.send_response(204)
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), server.shutdown()), daemon=True).start()
    threading.Timer(args.timeout, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
