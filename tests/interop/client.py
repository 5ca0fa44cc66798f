#!/usr/bin/python3
"""An independent rongpei client, written from docs/protocol.md and
proto/rongpei.proto alone (Debian's python3-protobuf), to keep the
document honest: if this cannot talk to the server, the document is wrong.

    client.py PB2_DIR

PB2_DIR holds rongpei_pb2.py (protoc --python_out).  The account comes
from the environment a demo env file sets: RONGPEI_SERVER (host:port),
RONGPEI_CA, RONGPEI_CERT, RONGPEI_KEY, RONGPEI_USER, RONGPEI_PASSWORD; the
user must be an institution administrator (office.create is the mutating
call).  Prints one line a step, "ok ..." or "FAIL ...", and exits 1 on any
failure.
"""
import os
import secrets
import socket
import ssl
import struct
import sys

sys.path.insert(0, sys.argv[1])
import rongpei_pb2 as pb  # noqa: E402

OK, INVALID, UNAUTHENTICATED, REFUSED = 0, 1, 2, 3
failures = 0


def check(what, cond, info=""):
    global failures
    print(("ok   " if cond else "FAIL ") + what + ("" if cond else ": " + str(info)))
    if not cond:
        failures += 1


class Connection:
    """TLS 1.3 with the organisation's certificate; frames are a 4-byte
    big-endian length and a serialized Frame (protocol.md "Frames")."""

    def __init__(self):
        host, port = os.environ["RONGPEI_SERVER"].rsplit(":", 1)
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        ctx.minimum_version = ssl.TLSVersion.TLSv1_3
        ctx.load_verify_locations(os.environ["RONGPEI_CA"])
        ctx.load_cert_chain(os.environ["RONGPEI_CERT"], os.environ["RONGPEI_KEY"])
        ctx.check_hostname = True          # the certificate must name the host
        raw = socket.create_connection((host, int(port)), timeout=30)
        self.sock = ctx.wrap_socket(raw, server_hostname=host)
        self.next_id = 1
        self.session = ""

    def _read_exact(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise ConnectionError("closed")
            buf += chunk
        return buf

    def send_raw(self, method, body_bytes, key=""):
        """Send one Request with an already serialized body; return (id)."""
        rid = self.next_id
        self.next_id += 1
        frame = pb.Frame(request=pb.Request(id=rid, method=method, session=self.session,
                                            idempotency_key=key, body=body_bytes))
        payload = frame.SerializeToString()
        self.sock.sendall(struct.pack(">I", len(payload)) + payload)
        return rid

    def receive(self, rid):
        """The Response with id rid; notifications are skipped."""
        while True:
            (n,) = struct.unpack(">I", self._read_exact(4))
            frame = pb.Frame()
            frame.ParseFromString(self._read_exact(n))
            if frame.WhichOneof("kind") == "response" and frame.response.id == rid:
                return frame.response

    def call(self, method, body, reply_type=None, key=""):
        resp = self.receive(self.send_raw(method, body.SerializeToString(), key))
        reply = None
        if resp.status == OK and reply_type is not None:
            reply = reply_type()
            reply.ParseFromString(resp.body)
        return resp, reply


def reencoded(msg):
    """The same message encoded differently: its fields written one by one
    in reverse field-number order, and an empty string field written out
    explicitly (a default on the wire).  Protobuf readers accept both."""
    parts = []
    for field, value in msg.ListFields():
        one = type(msg)()
        if field.label == field.LABEL_REPEATED:
            getattr(one, field.name).extend(value)
        else:
            setattr(one, field.name, value)
        parts.append(one.SerializeToString())
    out = b"".join(reversed(parts))
    for field in msg.DESCRIPTOR.fields:
        if field.type == field.TYPE_STRING and getattr(msg, field.name) == "":
            out += bytes([(field.number << 3) | 2, 0])     # tag, length 0
            break
    return out


def main():
    c = Connection()

    # hello first (protocol.md "Opening a connection")
    resp, hello = c.call("session.hello", pb.HelloRequest(min_version=1, max_version=1, client="interop 1"),
                         pb.HelloReply)
    check("hello", resp.status == OK and hello.version == 1, resp)
    check("hello names the organisation", hello is not None and hello.org_name != "", hello)

    resp, login = c.call("session.login", pb.LoginRequest(username=os.environ["RONGPEI_USER"],
                                                          password=os.environ["RONGPEI_PASSWORD"]),
                         pb.LoginReply)
    check("login", resp.status == OK and len(login.session) == 64, resp)
    c.session = login.session

    # a read
    resp, who = c.call("session.whoami", pb.Empty(), pb.WhoamiReply)
    check("whoami", resp.status == OK and who.username == os.environ["RONGPEI_USER"].lower(), resp)

    # a mutating call, then the same call retried with the same key, encoded
    # differently: the stored answer, nothing done twice
    key = secrets.token_hex(16)
    office = pb.OfficeCreateRequest(org_id=who.org_id, name="互通测试网点" + key[:6], county_code="")
    resp1, made = c.call("office.create", office, pb.Office, key)
    check("office.create", resp1.status == OK and made.id > 0 and not resp1.replayed, resp1)
    rid = c.send_raw("office.create", reencoded(office), key)
    resp2 = c.receive(rid)
    again = pb.Office()
    again.ParseFromString(resp2.body)
    check("retry with the same key, re-encoded: the stored answer", resp2.status == OK and resp2.replayed
          and again.id == made.id, resp2)
    # the same key for another request is CONFLICT
    other = pb.OfficeCreateRequest(org_id=who.org_id, name="另一个网点" + key[:6])
    resp3, _ = c.call("office.create", other, pb.Office, key)
    check("the same key for another request: CONFLICT", resp3.status == 5, resp3)
    # a mutating call without a key: INVALID (checked before roles)
    resp4, _ = c.call("office.create", other, pb.Office, "")
    check("a mutating call without a key: INVALID", resp4.status == INVALID, resp4)
    resp5, offices = c.call("office.list", pb.OfficeListRequest(org_id=who.org_id), pb.OfficeListReply)
    names = [o.name for o in offices.offices] if offices else []
    check("one office made, not two", names.count(office.name) == 1, names)

    # a call outside the caller's role
    resp, _ = c.call("org.create", pb.OrgCreateRequest(kind="institution", name="不该有的机构",
                                                       inst_type="bank", division_code="630100"),
                     pb.Organisation, secrets.token_hex(16))
    check("org.create by an institution: REFUSED", resp.status == REFUSED and resp.message != "", resp)

    # logout, then the token is dead
    resp, _ = c.call("session.logout", pb.Empty(), pb.Ack)
    check("logout", resp.status == OK, resp)
    resp, _ = c.call("session.whoami", pb.Empty(), pb.WhoamiReply)
    check("after logout: UNAUTHENTICATED", resp.status == UNAUTHENTICATED, resp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
