#!/usr/bin/env python3
"""A real XMPP client (slixmpp) for the tests. Signs in as JID with PASSWORD on 127.0.0.1:PORT (plain, no TLS),
prints one JSON line per event on stdout ({"event": "session_start"}, {"event": "presence", ...},
{"event": "message", ...}) and takes one JSON command per line on stdin:
{"op": "subscribe", "to": JID}, {"op": "unsubscribe", "to": JID}, {"op": "send", "to": JID, "body": TEXT}.
Ends when stdin closes or after --timeout seconds."""
import argparse, asyncio, json, signal, sys, threading

import slixmpp


def emit(**fields):
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class Client(slixmpp.ClientXMPP):
    def __init__(self, jid, password):
        super().__init__(jid, password, plugin_config={"feature_mechanisms": {"unencrypted_plain": True, "unencrypted_scram": True}})
        # Accept the service's subscription answers; ask for nothing back automatically.
        self.roster.auto_authorize = True
        self.roster.auto_subscribe = False
        self.add_event_handler("session_start", self.started)
        self.add_event_handler("presence", self.presence)
        # Subscription answers come as their own events, not as "presence".
        for kind in ("subscribed", "unsubscribed"):
            self.add_event_handler("presence_" + kind, self.presence)
        self.add_event_handler("message", self.message)
        self.add_event_handler("disconnected", lambda _: emit(event="disconnected"))

    async def started(self, _):
        self.send_presence()
        emit(event="session_start")

    def presence(self, stanza):
        emit(event="presence", **{"from": str(stanza["from"].bare), "type": stanza["type"],
             "show": stanza["show"], "status": stanza["status"]})

    def message(self, stanza):
        if stanza["type"] in ("chat", "normal") and stanza["body"]:
            emit(event="message", **{"from": str(stanza["from"].bare), "body": stanza["body"]})


def main():
    signal.pthread_sigmask(signal.SIG_SETMASK, [])
    parser = argparse.ArgumentParser()
    parser.add_argument("jid")
    parser.add_argument("password")
    parser.add_argument("port", type=int)
    parser.add_argument("--timeout", type=float, default=60)
    args = parser.parse_args()
    client = Client(args.jid, args.password)
    loop = asyncio.get_event_loop()

    def command(line):
        try:
            op = json.loads(line)
        except ValueError:
            return
        if op["op"] == "subscribe":
            client.send_presence(pto=op["to"], ptype="subscribe")
        elif op["op"] == "unsubscribe":
            client.send_presence(pto=op["to"], ptype="unsubscribe")
        elif op["op"] == "send":
            client.send_message(mto=op["to"], mbody=op["body"], mtype="chat")

    def read_stdin():
        for line in sys.stdin:
            loop.call_soon_threadsafe(command, line)
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=read_stdin, daemon=True).start()
    loop.call_later(args.timeout, loop.stop)
    # Plain TCP on loopback: the test server offers no TLS (slixmpp 1.9+: flags instead of connect() arguments).
    client.enable_starttls = False
    client.enable_direct_tls = False
    client.enable_plaintext = True
    client.connect("127.0.0.1", args.port)
    loop.run_forever()


if __name__ == "__main__":
    main()
