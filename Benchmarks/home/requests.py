#!/usr/bin/env python3
"""Sends N GET requests one after another on one keep-alive connection; fails unless every answer is 200.
usage: requests.py PORT CREDENTIAL N [PATH]   (CREDENTIAL: "forewarn_session=..." cookie, or "fw_..." API token)"""
import http.client
import sys

port, credential, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
path = sys.argv[4] if len(sys.argv) > 4 else "/"
headers = {"Authorization": "Bearer " + credential} if credential.startswith("fw_") else {"Cookie": credential}
connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
for _ in range(count):
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"{path} answered {response.status}")
