#!/usr/bin/env python3
"""A server the monitoring tests check, on 127.0.0.1: prints its port, then answers GET / according to its mode, which
the test sets with GET /_mode?set=200|500|hang (hang: sleep --hang seconds before answering 200, past the check's
timeout), like the classic monitors' flapping self-test. With --cert and --key it speaks TLS (HTTPS). Every request
to / is counted in FOLDER/hits. Stops after --timeout seconds or when stdin closes."""
import argparse, os, signal, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--hang", type=float, default=3)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--timeout", type=float, default=120)
    args = parser.parse_args()
    state = {"mode": "200", "hits": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def answer(self, status, text):
            body = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_HEAD(self):
            self.do_GET()

        def do_GET(self):
            if self.path.startswith("/_mode?set="):
                with lock:
                    state["mode"] = self.path.split("=", 1)[1]
                self.answer(200, "mode " + state["mode"])
                return
            with lock:
                state["hits"] += 1
                mode = state["mode"]
                with open(os.path.join(args.folder, "hits"), "w") as f:
                    f.write(str(state["hits"]))
            if mode == "hang":
                time.sleep(args.hang)
                self.answer(200, "late but fine")
            elif mode == "500":
                self.answer(500, "broken")
            else:
                self.answer(200, "all good")

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        server.socket = context.wrap_socket(server.socket, server_side=True)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), server.shutdown()), daemon=True).start()
    threading.Timer(args.timeout, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
