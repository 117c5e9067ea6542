#!/usr/bin/env python3
"""Sends N GET requests one after another on one keep-alive connection; fails unless every answer is 200.
usage: requests.py PORT CREDENTIAL N [PATH]   (CREDENTIAL: "forewarn_session=..." cookie, or "fw_..." API token)
HOME_CSRF=fresh: a new CSRF cookie on every request (a page kept per session is never reused: many sessions).
HOME_BUMP=<database>: raises the database's change counter (<database>-changes) before every request, as a commit
by another process would: nothing kept is reused (the uncached path)."""
import fcntl
import http.client
import mmap
import os
import secrets
import struct
import sys

port, credential, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
path = sys.argv[4] if len(sys.argv) > 4 else "/"
headers = {"Authorization": "Bearer " + credential} if credential.startswith("fw_") else {"Cookie": credential}
fresh_csrf = os.environ.get("HOME_CSRF") == "fresh"
bump = os.environ.get("HOME_BUMP")
counter = None
if bump:
    fd = os.open(bump + "-changes", os.O_RDWR | os.O_CREAT, 0o600)
    if os.fstat(fd).st_size < 8:
        os.ftruncate(fd, 8)
    counter = (fd, mmap.mmap(fd, 8))
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for _ in range(count):
    if fresh_csrf:
        token = secrets.token_urlsafe(32)[:43]
        headers["Cookie"] = "; ".join([p for p in credential.split("; ") if not p.startswith("forewarn_csrf=")] + ["forewarn_csrf=" + token])
    if counter:
        fcntl.flock(counter[0], fcntl.LOCK_EX)
        counter[1][0:8] = struct.pack("<Q", struct.unpack("<Q", counter[1][0:8])[0] + 1)
        fcntl.flock(counter[0], fcntl.LOCK_UN)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
