#!/usr/bin/python3
"""virnettestpeer.py: the other end of the network root tests.

Runs inside a test's network namespace (through nsenter) and talks only
to addresses the test gave it (198.18.0.0/15).

  dhcp IFNAME HOSTNAME      DISCOVER/OFFER/REQUEST/ACK; prints the address
  dns SERVER NAME           one A query over UDP; prints the addresses or
                            "rcode N"
  serve PORT SECONDS        accepts one TCP connection, prints its source
  connect HOST PORT SECONDS exits 0 when a TCP connection opens
"""
import random
import socket
import struct
import sys
import time

SO_BINDTODEVICE = 25


def dhcp_packet(mac, xid, msgtype, hostname, extra):
    """A BOOTREQUEST with the broadcast flag set."""
    pkt = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                      b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                      mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    opts = b"\x63\x82\x53\x63" + bytes([53, 1, msgtype])
    opts += bytes([12, len(hostname)]) + hostname.encode()
    opts += extra + b"\xff"
    return pkt + opts


def dhcp_options(data):
    """The options of a reply as {code: bytes}."""
    opts = {}
    i = 240
    while i < len(data) and data[i] != 255:
        if data[i] == 0:
            i += 1
            continue
        opts[data[i]] = data[i + 2:i + 2 + data[i + 1]]
        i += 2 + data[i + 1]
    return opts


def dhcp_wait(sock, xid, msgtype, deadline):
    """The first reply to @xid of type @msgtype."""
    while time.time() < deadline:
        sock.settimeout(max(0.1, deadline - time.time()))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            break
        if len(data) < 240 or data[0] != 2 or struct.unpack("!I", data[4:8])[0] != xid:
            continue
        opts = dhcp_options(data)
        if opts.get(53) == bytes([msgtype]):
            return data, opts
    raise SystemExit("no DHCP reply of type %d" % msgtype)


def cmd_dhcp(ifname, hostname):
    # /sys shows the namespace that mounted it: ask the kernel instead
    import fcntl
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ifr = fcntl.ioctl(s, 0x8927, struct.pack("256s", ifname.encode()))  # SIOCGIFHWADDR
    mac = ifr[18:24]
    s.close()

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, ifname.encode())
    sock.bind(("0.0.0.0", 68))
    xid = random.getrandbits(32)
    deadline = time.time() + 10
    sock.sendto(dhcp_packet(mac, xid, 1, hostname, b""), ("255.255.255.255", 67))
    offer, opts = dhcp_wait(sock, xid, 2, deadline)
    yiaddr = offer[16:20]
    extra = bytes([50, 4]) + yiaddr + bytes([54, 4]) + opts[54]
    sock.sendto(dhcp_packet(mac, xid, 3, hostname, extra), ("255.255.255.255", 67))
    ack, opts = dhcp_wait(sock, xid, 5, deadline)
    print(socket.inet_ntoa(ack[16:20]))


def cmd_dns(server, name):
    qid = random.getrandbits(16)
    q = struct.pack("!HHHHHH", qid, 0x0100, 1, 0, 0, 0)
    for label in name.split("."):
        q += bytes([len(label)]) + label.encode()
    q += b"\0" + struct.pack("!HH", 1, 1)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.settimeout(5)
    sock.sendto(q, (server, 53))
    data = sock.recv(4096)
    rid, flags, qd, an = struct.unpack("!HHHH", data[:8])
    if rid != qid:
        raise SystemExit("wrong DNS id")
    if flags & 0xf:
        print("rcode %d" % (flags & 0xf))
        return
    i = 12
    for _ in range(qd):
        while data[i] != 0:
            i += 1 + data[i]
        i += 5
    for _ in range(an):
        if data[i] & 0xc0 == 0xc0:
            i += 2
        else:
            while data[i] != 0:
                i += 1 + data[i]
            i += 1
        rtype, _, _, rdlen = struct.unpack("!HHIH", data[i:i + 10])
        i += 10
        if rtype == 1:
            print(socket.inet_ntoa(data[i:i + 4]))
        i += rdlen


def cmd_serve(port, seconds):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("0.0.0.0", int(port)))
    sock.listen(1)
    sock.settimeout(float(seconds))
    print("listening", flush=True)
    try:
        conn, peer = sock.accept()
    except socket.timeout:
        raise SystemExit("nobody connected")
    print(peer[0], flush=True)
    conn.close()


def cmd_connect(host, port, seconds):
    try:
        socket.create_connection((host, int(port)), timeout=float(seconds)).close()
    except OSError as e:
        raise SystemExit("cannot connect: %s" % e)


def main():
    cmds = {"dhcp": cmd_dhcp, "dns": cmd_dns, "serve": cmd_serve, "connect": cmd_connect}
    if len(sys.argv) < 2 or sys.argv[1] not in cmds:
        raise SystemExit(__doc__)
    cmds[sys.argv[1]](*sys.argv[2:])


if __name__ == "__main__":
    main()
