#!/usr/bin/env python3
"""Record the properties of the QEMU devices the command line builder uses.

    tests/qemudevpropsrecord.py /usr/bin/qemu-system-x86_64 \
        > tests/qemuxml2argvdata/device-properties.x86_64-7.2.0.json

-device has no QAPI schema (device_add takes any member), so
qemuxml2argvtest checks the JSON given to -device against these lists
instead: every member must be a property of the device with a matching
type.  The probe runs QEMU with no guest (-machine none, TCG) and asks
"device-list-properties" for each device over QMP.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time

DEVICES = [
    "virtio-net-pci", "e1000", "e1000e", "rtl8139",
    "virtio-blk-pci", "ide-hd", "ide-cd", "scsi-hd", "scsi-cd",
    "virtio-scsi-pci", "isa-serial", "virtio-serial-pci", "virtconsole",
    "virtio-balloon-pci", "virtio-rng-pci", "virtserialport",
    "qemu-xhci", "nec-usb-xhci", "piix3-usb-uhci", "ich9-usb-ehci1",
    "ich9-usb-uhci1", "ich9-usb-uhci2", "ich9-usb-uhci3",
    "usb-tablet", "usb-kbd", "usb-mouse",
    "virtio-tablet-pci", "virtio-keyboard-pci", "virtio-mouse-pci",
    "pcie-root-port", "pci-bridge", "i82801b11-bridge",
    "usb-redir",
    "qxl-vga", "qxl", "VGA", "virtio-vga", "virtio-gpu-pci", "bochs-display",
    "cirrus-vga",
    "ich9-intel-hda", "intel-hda", "hda-duplex", "hda-micro", "hda-output", "AC97",
    "i6300esb", "pvpanic",
]


def main():
    qemu = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="qemudevprops-")
    path = os.path.join(tmp, "qmp.sock")
    proc = subprocess.Popen([qemu, "-S", "-no-user-config", "-nodefaults",
                             "-display", "none", "-machine", "none", "-accel", "tcg",
                             "-qmp", f"unix:{path},server=on,wait=on"],
                            stdin=subprocess.DEVNULL)
    try:
        for _ in range(200):
            if os.path.exists(path) or proc.poll() is not None:
                break
            time.sleep(0.05)
        sock = socket.socket(socket.AF_UNIX)
        sock.settimeout(10)
        sock.connect(path)
        stream = sock.makefile("rw")

        def command(name, args=None):
            msg = {"execute": name}
            if args is not None:
                msg["arguments"] = args
            stream.write(json.dumps(msg) + "\n")
            stream.flush()
            while True:
                reply = json.loads(stream.readline())
                if "return" in reply:
                    return reply["return"]
                if "error" in reply:
                    raise SystemExit(f"{name}: {reply['error']}")

        greeting = json.loads(stream.readline())
        command("qmp_capabilities")
        version = command("query-version")
        out = {"qemu": version, "devices": {}}
        for dev in DEVICES:
            props = command("device-list-properties", {"typename": dev})
            out["devices"][dev] = {p["name"]: p["type"] for p in props}
        command("quit")
        del greeting
    finally:
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if os.path.exists(path):
            os.unlink(path)
        os.rmdir(tmp)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
