#!/usr/bin/python3
"""straceparts.py: where one net-start spends its time, for bench/netstart.

  straceparts.py TRACE T0 T1

TRACE is `strace -f --seccomp-bpf -q -ttt -s 128 -o TRACE
-e trace=execve,socket,sendmsg,sendto -p DAEMON`
taken while one `virsh net-start` ran from T0 to T1 (wall clock,
microseconds, `date +%s%6N`).  Prints, in milliseconds after T0:

  bridge      the first rtnetlink RTM_NEWLINK (the bridge is created)
  firewall    from the first firewall step to the end of the last: an
              execve of iptables/ip6tables/ebtables up to that process's
              exit (stock libvirt), or the socket(NETLINK_NETFILTER) of
              libnftables up to the last sendmsg on it (libvirt-networkd)
  dnsmasq     from its execve to the exit of that process (dnsmasq forks
              its server and exits once it serves: both daemons wait
              for that)
  done        T1, virsh has exited

and the processes the daemon ran.  Times under strace are longer than
without it (each traced syscall and fork costs more); the parts show
where the time goes, the totals of bench/netstart's rounds what it is.
"""
import re
import sys

LINE = re.compile(r"^(\d+)\s+(\d+\.\d+)\s+(.*)$")
FIREWALL = ("iptables", "ip6tables", "ebtables", "iptables-nft", "ip6tables-nft",
            "ebtables-nft", "xtables-nft-multi")


def parse(path):
    """Yields (pid, microseconds, rest of line) for each line of the trace."""
    with open(path, errors="replace") as f:
        for line in f:
            m = LINE.match(line)
            if m:
                yield int(m.group(1)), int(float(m.group(2)) * 1e6), m.group(3)


def main(argv):
    """Prints the parts; see the module's doc string."""
    if len(argv) != 4:
        sys.stderr.write(__doc__)
        return 2
    t0, t1 = int(argv[2]), int(argv[3])
    bridge = None
    fw_first = fw_last = None
    fw_pids = {}
    nf_socks = set()
    dnsmasq_pid = dnsmasq_exec = dnsmasq_exit = None
    execs = {}

    for pid, at, rest in parse(argv[1]):
        if at < t0 or at > t1:
            continue
        m = re.match(r"(?:sendmsg|sendto)\((\d+),", rest)
        if (bridge is None and m and (pid, int(m.group(1))) not in nf_socks and
                ("RTM_NEWLINK" in rest or "nlmsg_type=0x10 " in rest)):
            # 0x10 is RTM_NEWLINK: strace names it only on a socket it
            # saw created (the daemons open theirs long before)
            bridge = at
        m = re.match(r'execve\("([^"]*)"', rest)
        if m and not re.search(r"= -1 E", rest):
            prog = m.group(1).rsplit("/", 1)[-1]
            execs[prog] = execs.get(prog, 0) + 1
            if prog in FIREWALL:
                fw_pids[pid] = at
                fw_first = at if fw_first is None else min(fw_first, at)
            elif prog == "dnsmasq" and "--conf-file" in rest:
                dnsmasq_pid, dnsmasq_exec = pid, at
        m = re.match(r"socket\(AF_NETLINK, [^,]*, NETLINK_NETFILTER\) = (\d+)", rest)
        if m:
            nf_socks.add((pid, int(m.group(1))))
            fw_first = at if fw_first is None else min(fw_first, at)
        m = re.match(r"sendmsg\((\d+),", rest)
        if m and (pid, int(m.group(1))) in nf_socks:
            fw_last = at if fw_last is None else max(fw_last, at)
        if rest.startswith("+++ exited"):
            if pid in fw_pids:
                fw_last = at if fw_last is None else max(fw_last, at)
            if pid == dnsmasq_pid and dnsmasq_exit is None:
                dnsmasq_exit = at

    def ms(at):
        return "%7.1f" % ((at - t0) / 1000) if at is not None else "      -"

    print("   bridge created       at %s ms" % ms(bridge))
    print("   firewall             %s .. %s ms" % (ms(fw_first), ms(fw_last)))
    print("   dnsmasq exec..ready  %s .. %s ms" % (ms(dnsmasq_exec), ms(dnsmasq_exit)))
    print("   virsh exits          at %s ms" % ms(t1))
    print("   processes run: %s" % (", ".join("%s x%d" % kv for kv in sorted(execs.items()))
                                    or "none"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
