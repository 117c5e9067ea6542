#!/usr/bin/env python3
"""A stand-in for ServiceNow, Jira and a generic HTTPS endpoint on 127.0.0.1 for the tests. Prints its port, then
checks every request exactly as the vendors document it and stores it as NNNN.json in FOLDER:
{"method", "path", "query", "headers", "problems": [...], "note": ...}; an attached PDF is stored as NNNN.pdf.

ServiceNow (https://docs.servicenow.com, Table and Attachment APIs):
  GET  /api/now/table/change_request?sysparm_query=number=<n>   -> {"result": [{"sys_id": ...}]} (empty list if unknown)
  POST /api/now/attachment/file?table_name=change_request&table_sys_id=<id>&file_name=<name>, Content-Type: application/pdf
  PATCH /api/now/table/change_request/<sys_id> {"work_notes": "..."}
Jira (REST API v2):
  POST /rest/api/2/issue/<key>/attachments, multipart/form-data with one part "file", X-Atlassian-Token: no-check
  POST /rest/api/2/issue/<key>/comment {"body": "..."}
Generic: POST /generic, multipart/form-data with parts "downtime" (JSON) and "report" (PDF), X-Forewarn-Signature.

--basic USER:PASSWORD or --bearer TOKEN is the expected Authorization; --secret the generic signing secret;
--fail N answers 503 to the first N requests. Unknown change numbers and issue keys get the vendor's 4xx error body."""
import argparse, base64, email.parser, email.policy, hashlib, hmac, json, os, signal, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs

SYS_IDS = {"CHG0012345": "a1b2c3d4e5f60718293a4b5c6d7e8f90"}
ISSUES = {"OPS-42"}


def parts(content_type, body):
    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\nMIME-Version: 1.0\r\n\r\n" + body)
    if not message.is_multipart():
        return None
    return [(p.get_param("name", header="content-disposition"), p.get_filename(), p.get_content_type(), p.get_payload(decode=True))
            for p in message.iter_parts()]


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("folder")
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--basic", default="")
    parser.add_argument("--bearer", default="")
    parser.add_argument("--secret", default="")
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    state = {"count": 0, "failed": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def answer(self, status, obj=None):
            data = b"" if obj is None else json.dumps(obj).encode()
            self.send_response(status)
            if obj is not None:
                self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def handle_any(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            with lock:
                if state["failed"] < args.fail:
                    state["failed"] += 1
                    return self.answer(503, {"error": {"message": "Service unavailable", "detail": "maintenance"}})
                state["count"] += 1
                n = state["count"]
            record = {"method": self.command, "path": url.path, "query": query, "headers": dict(self.headers), "problems": [], "note": None}
            problems = record["problems"]
            auth = self.headers.get("Authorization", "")
            if url.path != "/generic":
                expected = ("Basic " + base64.b64encode(args.basic.encode()).decode()) if args.basic else ("Bearer " + args.bearer)
                if auth != expected:
                    problems.append("Authorization is %r, expected %r" % (auth, expected))
            status, reply = 404, {"error": {"message": "Not found", "detail": "no such path"}}
            pdf = None
            if url.path == "/api/now/table/change_request" and self.command == "GET":
                if set(query) != {"sysparm_query", "sysparm_fields", "sysparm_limit"} or not query.get("sysparm_query", "").startswith("number="):
                    problems.append("query %r" % query)
                number = query.get("sysparm_query", "")[len("number="):]
                sys_id = SYS_IDS.get(number)
                status, reply = 200, {"result": [{"sys_id": sys_id}] if sys_id else []}
            elif url.path == "/api/now/attachment/file" and self.command == "POST":
                if query.get("table_name") != "change_request" or query.get("table_sys_id") not in SYS_IDS.values():
                    problems.append("query %r" % query)
                if not query.get("file_name", "").startswith("forewarn-DT-") or not query.get("file_name", "").endswith("-impact.pdf"):
                    problems.append("file_name %r" % query.get("file_name"))
                if self.headers.get("Content-Type") != "application/pdf":
                    problems.append("Content-Type %r" % self.headers.get("Content-Type"))
                pdf = body
                status, reply = 201, {"result": {"file_name": query.get("file_name"), "table_name": "change_request", "sys_id": "f" * 32}}
            elif url.path.startswith("/api/now/table/change_request/") and self.command == "PATCH":
                if url.path.rsplit("/", 1)[1] not in SYS_IDS.values():
                    problems.append("sys_id in path %r" % url.path)
                note = json.loads(body or b"{}").get("work_notes")
                if not note or self.headers.get("Content-Type") != "application/json":
                    problems.append("work_notes missing or not JSON")
                record["note"] = note
                status, reply = 200, {"result": {"number": "CHG0012345"}}
            elif url.path.startswith("/rest/api/2/issue/") and self.command == "POST":
                key, _, action = url.path[len("/rest/api/2/issue/"):].partition("/")
                if key not in ISSUES:
                    status, reply = 404, {"errorMessages": ["Issue does not exist or you do not have permission to see it."], "errors": {}}
                elif action == "attachments":
                    if self.headers.get("X-Atlassian-Token") != "no-check":
                        problems.append("X-Atlassian-Token %r" % self.headers.get("X-Atlassian-Token"))
                    found = parts(self.headers.get("Content-Type", ""), body) or []
                    if len(found) != 1 or found[0][0] != "file" or found[0][2] != "application/pdf" or not (found[0][1] or "").endswith("-impact.pdf"):
                        problems.append("multipart parts %r" % [(a, b, c) for a, b, c, _ in found])
                    pdf = found[0][3] if found else None
                    status, reply = 200, [{"filename": found[0][1] if found else None}]
                elif action == "comment":
                    note = json.loads(body or b"{}").get("body")
                    if not note:
                        problems.append("comment body missing")
                    record["note"] = note
                    status, reply = 201, {"id": "10000", "body": note}
            elif url.path == "/generic" and self.command == "POST":
                signature = "sha256=" + hmac.new(args.secret.encode(), body, hashlib.sha256).hexdigest()
                if not hmac.compare_digest(signature, self.headers.get("X-Forewarn-Signature", "")):
                    problems.append("signature does not verify")
                found = {name: (filename, ctype, data) for name, filename, ctype, data in (parts(self.headers.get("Content-Type", ""), body) or [])}
                if set(found) != {"downtime", "report"} or found["downtime"][1] != "application/json" or found["report"][1] != "application/pdf":
                    problems.append("multipart parts %r" % {k: v[:2] for k, v in found.items()})
                else:
                    record["note"] = found["downtime"][2].decode()
                    pdf = found["report"][2]
                status, reply = 204, None
            if pdf is not None:
                with open(os.path.join(args.folder, "%04d.pdf" % n), "wb") as f:
                    f.write(pdf)
                if not pdf.startswith(b"%PDF"):
                    problems.append("attachment is not a PDF")
            path = os.path.join(args.folder, "%04d.json" % n)
            with open(path + ".tmp", "w") as f:
                json.dump(record, f)
            os.replace(path + ".tmp", path)
            self.answer(status, reply)

        do_GET = do_POST = do_PATCH = handle_any

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.buffer.read(), server.shutdown()), daemon=True).start()
    threading.Timer(args.timeout, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
