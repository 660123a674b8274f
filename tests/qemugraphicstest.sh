#!/bin/bash
# qemugraphicstest.sh: VNC and SPICE displays end to end, through the
# real virsh and QEMU (TCG), in qemu:///session with XDG directories in a
# temporary folder and a private network namespace (only its loopback):
#   * a virt-install-style desktop domain (q35, SPICE with image
#     compression off, VNC, QXL, ich9 sound, the SPICE agent channel, USB
#     redirection, the guest agent channel, a USB tablet) starts; the live XML has the
#     ports start chose (SPICE 5900, VNC 5901: the first free ones), the
#     persistent XML still autoport; the SPICE port answers a SPICE link
#     message with "REDQ", the VNC port greets with "RFB 003.008";
#   * domdisplay prints spice://127.0.0.1:5900 (first display), with
#     --type vnc vnc://127.0.0.1:1, with --all both; vncdisplay 127.0.0.1:1;
#   * a second domain started meanwhile gets the next free VNC port, and
#     its SPICE display a UNIX socket next to the QMP socket, which
#     answers the SPICE handshake and which domdisplay prints as
#     spice+unix://PATH;
#   * a display port someone else listens on is skipped;
#   * dommemstat prints the balloon size and QEMU's RSS; qemu-agent-command
#     reaches the agent channel's socket (no agent runs in the guest: it
#     times out saying so) and names a missing channel;
#   * the second domain is named "gfx 2,x": a name with a space and a
#     comma starts, and its socket is named after the name's file stem
#     (_gfx2x-DIGEST, src/conf/domain_name.c);
#   * after destroy domdisplay refuses: the domain is not running.
# Root only (77 otherwise, for the network namespace); skips without
# qemu-system-x86_64 or python3.
#   qemugraphicstest.sh VIRSH
set -u

virsh=$1
qemu=/usr/bin/qemu-system-x86_64
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: needs root (a private network namespace)"
    exit 77
fi
for c in "$qemu" python3 unshare; do
    command -v "$c" >/dev/null 2>&1 || { echo "SKIP: needs $c"; exit 77; }
done
if [ -z "${QEMUGRAPHICSTEST_INNER:-}" ]; then
    QEMUGRAPHICSTEST_INNER=1 exec unshare --net "$0" "$@"
fi
ip link set lo up || { echo "FAIL: loopback"; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/qemugfx-XXXXXX")
export XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_CONFIG_HOME/libvirt" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"

v() { "$virsh" -c qemu:///session "$@"; }
cleanup() {
    v destroy gfx >/dev/null 2>&1
    v destroy "$gfx2" >/dev/null 2>&1
    [ -n "${holder:-}" ] && kill "$holder" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

failures=0
n=0
gfx2='gfx 2,x'
gfx2stem=_gfx2x-$(printf '%s' "$gfx2" | sha256sum | cut -c1-16)
ok() { n=$((n + 1)); echo "ok $n - $1"; }
fail() { n=$((n + 1)); failures=$((failures + 1)); echo "not ok $n - $1"; }
# same DESC EXPECTED ACTUAL
same() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
# has DESC FILE STRING: FILE contains STRING (fixed string)
has() { if grep -qF -- "$3" "$2"; then ok "$1"; else fail "$1: no '$3' in:"; cat "$2"; fi; }

# handshake PROTO ADDR: the first bytes the server sends (VNC: its
# greeting; SPICE: the magic of its reply to a link message for the main
# channel).  ADDR is PORT on 127.0.0.1 or a socket path.
handshake() {
    python3 - "$1" "$2" <<'EOF'
import socket, struct, sys
proto, addr = sys.argv[1], sys.argv[2]
if addr.startswith("/"):
    s = socket.socket(socket.AF_UNIX)
    target = addr
else:
    s = socket.socket(socket.AF_INET)
    target = ("127.0.0.1", int(addr))
s.settimeout(10)
s.connect(target)
if proto == "spice":
    # SpiceLinkMess: connection id, channel type 1 (main), channel id,
    # no common or channel capabilities, caps at offset 18
    mess = struct.pack("<IBBIII", 0, 1, 0, 0, 0, 18)
    s.sendall(b"REDQ" + struct.pack("<III", 2, 2, len(mess)) + mess)
    want = 4
else:
    want = 12
data = b""
while len(data) < want:
    chunk = s.recv(want - len(data))
    if not chunk:
        break
    data += chunk
sys.stdout.write(data.decode("ascii", "replace").strip())
EOF
}

cat > "$tmp/gfx.xml" <<'EOF'
<domain type='qemu'>
  <name>gfx</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='q35'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
    <controller type='usb' index='0' model='qemu-xhci'/>
    <channel type='unix'>
      <source mode='bind'/>
      <target type='virtio' name='org.qemu.guest_agent.0'/>
    </channel>
    <channel type='spicevmc'>
      <target type='virtio' name='com.redhat.spice.0'/>
    </channel>
    <input type='tablet' bus='usb'/>
    <graphics type='spice' port='-1' tlsPort='-1' autoport='yes'>
      <image compression='off'/>
    </graphics>
    <graphics type='vnc' port='-1' autoport='yes'>
      <listen type='address'/>
    </graphics>
    <sound model='ich9'/>
    <video>
      <model type='qxl' ram='65536' vram='65536' vgamem='16384' heads='1' primary='yes'/>
    </video>
    <redirdev bus='usb' type='spicevmc'/>
    <redirdev bus='usb' type='spicevmc'/>
    <memballoon model='virtio'/>
  </devices>
</domain>
EOF
cat > "$tmp/gfx2.xml" <<'EOF'
<domain type='qemu'>
  <name>gfx 2,x</name>
  <memory unit='MiB'>64</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
  </os>
  <features>
    <acpi/>
  </features>
  <devices>
    <graphics type='vnc' autoport='yes'/>
    <graphics type='spice'>
      <listen type='socket'/>
    </graphics>
  </devices>
</domain>
EOF

# --- the desktop domain -----------------------------------------------------
if v define "$tmp/gfx.xml" > /dev/null && v start gfx > "$tmp/out" 2>&1; then
    ok "start a domain with SPICE, VNC, QXL, sound, spicevmc channel and USB redirection"
else
    fail "start gfx"; cat "$tmp/out"
    find "$tmp" -name gfx.log -exec tail -n 5 {} \;
    exit 1
fi
v dumpxml gfx > "$tmp/live.xml"
has "live XML: SPICE on the first free port" "$tmp/live.xml" "<graphics type='spice' port='5900' autoport='yes'>"
has "live XML: VNC on the next one" "$tmp/live.xml" "<graphics type='vnc' port='5901' autoport='yes'>"
v dumpxml --inactive gfx > "$tmp/inactive.xml"
has "persistent XML: VNC still autoport" "$tmp/inactive.xml" "<graphics type='vnc' port='-1' autoport='yes'>"
same "the SPICE port answers the SPICE link message" "REDQ" "$(handshake spice 5900)"
same "the VNC port greets with the RFB version" "RFB 003.008" "$(handshake vnc 5901)"
same "domdisplay: the first display" "spice://127.0.0.1:5900" "$(v domdisplay gfx)"
same "domdisplay --type vnc" "vnc://127.0.0.1:1" "$(v domdisplay --type vnc gfx)"
same "domdisplay --all" "spice://127.0.0.1:5900 vnc://127.0.0.1:1" "$(v domdisplay --all gfx | sed '/^$/d' | paste -sd ' ')"
same "vncdisplay" "127.0.0.1:1" "$(v vncdisplay gfx)"

# --- memory statistics, the guest agent -------------------------------------
v dommemstat gfx > "$tmp/memstat" 2>&1
has "dommemstat: the balloon size" "$tmp/memstat" "actual 65536"
if grep -Eq '^rss [1-9][0-9]*$' "$tmp/memstat"; then ok "dommemstat: QEMU's RSS"; else fail "dommemstat rss:"; cat "$tmp/memstat"; fi
if v dommemstat --period 2 gfx > "$tmp/memstat" 2>&1; then
    ok "dommemstat --period sets the balloon's polling"
else
    fail "dommemstat --period"; cat "$tmp/memstat"
fi
# the guest runs no agent (no OS at all): the channel exists, nobody answers
if v qemu-agent-command --timeout 1 gfx '{"execute":"guest-info"}' > "$tmp/agent" 2>&1; then
    fail "qemu-agent-command without an agent succeeded"
else
    has "qemu-agent-command: through the channel, no agent answers" "$tmp/agent" \
        "the guest agent is not responding"
fi

# --- a second domain while the first runs; a port someone else holds --------
python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 5902)); s.listen(1); sys.stdout.write("up\n"); sys.stdout.flush()
time.sleep(300)' > "$tmp/holder" &
holder=$!
for _ in $(seq 50); do grep -q up "$tmp/holder" 2>/dev/null && break; sleep 0.1; done
if v define "$tmp/gfx2.xml" > /dev/null && v start "$gfx2" > "$tmp/out" 2>&1; then
    ok "start a second domain"
else
    fail "start $gfx2"; cat "$tmp/out"
fi
same "VNC skips the ports of the first domain and the one held" "vnc://127.0.0.1:3" "$(v domdisplay --type vnc "$gfx2")"
sock="$XDG_RUNTIME_DIR/libvirt/qemu/run/$gfx2stem.spice1.sock"
same "domdisplay: SPICE on the socket next to the QMP socket" "spice+unix://$sock" \
    "$(v domdisplay --type spice "$gfx2")"
same "the SPICE socket answers the SPICE link message" "REDQ" "$(handshake spice "$sock")"
if v qemu-agent-command "$gfx2" '{"execute":"guest-info"}' > "$tmp/agent" 2>&1; then
    fail "qemu-agent-command without an agent channel succeeded"
else
    has "qemu-agent-command: a domain without the agent channel" "$tmp/agent" \
        "has no guest agent channel"
fi
kill "$holder" 2>/dev/null
holder=

# --- stopped ------------------------------------------------------------------
v destroy gfx > /dev/null 2>&1
if v domdisplay gfx > "$tmp/out" 2>&1; then
    fail "domdisplay of a stopped domain succeeded"
else
    has "domdisplay of a stopped domain: not running" "$tmp/out" "is not running"
fi
v list --all > "$tmp/list"
has "list: the name with a space and a comma" "$tmp/list" " gfx 2,x "
if grep -qF -- "guest=gfx 2,,x,debug-threads=on" "$XDG_CACHE_HOME/libvirt/qemu/log/$gfx2stem.log"; then
    ok "the log, named after the stem, has -name with the comma doubled"
else
    fail "-name in $gfx2stem.log"; ls "$XDG_CACHE_HOME/libvirt/qemu/log"
fi
v destroy "$gfx2" > /dev/null 2>&1

echo "1..$n"
[ "$failures" -eq 0 ]
