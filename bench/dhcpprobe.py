#!/usr/bin/python3
"""dhcpprobe.py: the DHCP side of bench/netstart.

  dhcpprobe.py netstart NETNS BRIDGE HOSTVETH[,...] CLIVETH[,...] TIMEOUT -- CMD [ARG...]
      Runs in a network namespace of its own that holds the CLIVETHs and
      no address.  Runs CMD (the command that starts a network in NETNS)
      and, once it has exited 0, enslaves the HOSTVETHs (the CLIVETHs'
      peers, in NETNS) to BRIDGE (the network's bridge, which the command
      created) with one "ip -n NETNS -batch", and sends a DHCPDISCOVER out
      of each CLIVETH every 10 ms until a DHCPOFFER for it comes back, or
      TIMEOUT seconds pass.
      (A namespace of its own, so that the DISCOVER leaves from 0.0.0.0:
      in NETNS the kernel would give it the bridge's address as source,
      and the bridge would drop it as a martian.)
      Prints one line, times in microseconds from just before CMD:
        NETSTART started=US attached=US offer=US[,US...]
      where "started" is CMD's exit, "attached" the veths on the bridge,
      "offer" the first OFFER received by each client, -1 on a time-out.

  dhcpprobe.py watch IFACE MAC SECONDS [LEASES]
      Prints READY once it listens on IFACE (the network's bridge), then,
      for each DHCP message to or from MAC, "TYPE US" with US the wall
      clock (CLOCK_REALTIME, microseconds, comparable with `date +%s%6N`),
      until an ACK has been seen or SECONDS pass; with LEASES (dnsmasq's
      lease file), also "LEASE US" when the MAC first shows in it (polled
      every 5 ms).

The DHCP messages are built and parsed here (RFC 2131: a BOOTREQUEST with
the broadcast flag and option 53, so the server answers by broadcast and a
plain UDP socket bound to the port-68 and the device receives it).
"""
import os
import select
import socket
import struct
import subprocess
import sys
import time

DHCP_TYPES = {1: "DISCOVER", 2: "OFFER", 3: "REQUEST", 4: "DECLINE",
              5: "ACK", 6: "NAK", 7: "RELEASE", 8: "INFORM"}
MAGIC = b"\x63\x82\x53\x63"


def now_us():
    """Monotonic microseconds."""
    return time.monotonic_ns() // 1000


def discover(mac, xid):
    """A DHCPDISCOVER from MAC (6 bytes) with transaction id XID."""
    head = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0x8000,
                       b"\0" * 4, b"\0" * 4, b"\0" * 4, b"\0" * 4,
                       mac + b"\0" * 10, b"\0" * 64, b"\0" * 128)
    return head + MAGIC + bytes([53, 1, 1, 255])


def dhcp_type(payload):
    """The option 53 value of a BOOTP payload, or None."""
    if len(payload) < 240 or payload[236:240] != MAGIC:
        return None
    i = 240
    while i < len(payload):
        code = payload[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        if i + 1 >= len(payload):
            break
        length = payload[i + 1]
        if code == 53 and length == 1:
            return payload[i + 2]
        i += 2 + length
    return None


def client_socket(cliveth):
    """A UDP socket on port 68 of CLIVETH, for broadcasts."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, cliveth.encode())
    sock.bind(("0.0.0.0", 68))
    sock.setblocking(False)
    return sock


def netstart(netns, bridge, hostveths, cliveths, timeout, cmd):
    """See the module's doc string.  Returns the exit status."""
    clients = []
    for cliveth in cliveths:
        with open("/sys/class/net/%s/address" % cliveth) as f:
            mac = bytes.fromhex(f.read().strip().replace(":", ""))
        xid = int.from_bytes(os.urandom(4), "big")
        clients.append({"sock": client_socket(cliveth), "xid": xid,
                        "packet": discover(mac, xid), "offer": -1})

    t0 = now_us()
    rc = subprocess.call(cmd, stdout=subprocess.DEVNULL)
    started = now_us() - t0
    if rc != 0:
        print("NETSTART failed: %s exited %d" % (cmd[0], rc))
        return 1
    batch = "".join("link set %s master %s up\n" % (v, bridge) for v in hostveths)
    rc = subprocess.run(["ip", "-n", netns, "-batch", "-"], input=batch.encode()).returncode
    attached = now_us() - t0
    if rc != 0:
        print("NETSTART failed: cannot attach %s to %s" % (",".join(hostveths), bridge))
        return 1

    deadline = time.monotonic() + timeout
    waiting = list(clients)
    while waiting and time.monotonic() < deadline:
        for c in waiting:
            try:
                c["sock"].sendto(c["packet"], ("255.255.255.255", 67))
            except OSError:
                pass  # the device may not be ready to send yet; try again
        until = time.monotonic() + 0.010
        while waiting and time.monotonic() < until:
            ready, _, _ = select.select([c["sock"] for c in waiting], [], [],
                                        max(0, until - time.monotonic()))
            for c in [c for c in waiting if c["sock"] in ready]:
                data = c["sock"].recv(2048)
                if (len(data) >= 240 and data[0] == 2 and
                        struct.unpack("!I", data[4:8])[0] == c["xid"] and
                        dhcp_type(data) == 2):
                    c["offer"] = now_us() - t0
                    waiting.remove(c)
    print("NETSTART started=%d attached=%d offer=%s" %
          (started, attached, ",".join(str(c["offer"]) for c in clients)))
    return 0 if not waiting else 1


def lease_seen(path, mac):
    """Whether dnsmasq's lease file PATH has a line for MAC ("aa:bb:...")."""
    try:
        with open(path) as f:
            return any(mac in line.split()[1:2] for line in f)
    except OSError:
        return False


def watch(iface, mac, seconds, leases):
    """See the module's doc string.  Returns the exit status."""
    # ETH_P_ALL: the kernel hands frames the host sends (the server's
    # OFFER and ACK) only to sockets of every protocol
    eth_p_all = 0x0003
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(eth_p_all))
    sock.bind((iface, eth_p_all))
    want = bytes.fromhex(mac.replace(":", ""))
    deadline = time.monotonic() + seconds
    seen_ack = False
    seen_lease = leases is None

    def stamp():
        return time.time_ns() // 1000

    print("READY", flush=True)
    while not (seen_ack and seen_lease) and time.monotonic() < deadline:
        ready, _, _ = select.select([sock], [], [], 0.005)
        if not seen_lease and lease_seen(leases, mac):
            seen_lease = True
            print("LEASE %d" % stamp(), flush=True)
        if not ready:
            continue
        data, addr = sock.recvfrom(4096)
        if addr[1] != 0x0800 or len(data) < 28 or data[9] != 17:
            continue
        ihl = (data[0] & 0x0F) * 4
        sport, dport = struct.unpack("!HH", data[ihl:ihl + 4])
        if {sport, dport} != {67, 68}:
            continue
        payload = data[ihl + 8:]
        if len(payload) < 240 or payload[28:34] != want:
            continue
        kind = dhcp_type(payload)
        if kind is None:
            continue
        print("%s %d" % (DHCP_TYPES.get(kind, str(kind)), stamp()), flush=True)
        if kind == 5:
            seen_ack = True
    return 0 if seen_ack and seen_lease else 1


def main(argv):
    """Dispatches on the mode; see the module's doc string."""
    if len(argv) >= 9 and argv[1] == "netstart" and argv[7] == "--":
        return netstart(argv[2], argv[3], argv[4].split(","), argv[5].split(","),
                        float(argv[6]), argv[8:])
    if len(argv) in (5, 6) and argv[1] == "watch":
        return watch(argv[2], argv[3].lower(), float(argv[4]),
                     argv[5] if len(argv) == 6 else None)
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
