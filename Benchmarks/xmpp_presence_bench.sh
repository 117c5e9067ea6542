#!/usr/bin/env bash
# A mood change reaching 1,000 XMPP roster subscribers over one component connection (target < 1 s): a real Prosody,
# 1,000 accounts signed in from one asyncio process, the portal's component publishing the change. Release build.
set -euo pipefail
cd "$(dirname "$0")/.."
FOREWARN_BENCH=1 swift test -c release --filter XMPPPresenceBenchTests 2>&1 | grep -E "xmpp presence:|✘|passed|failed"
