/*
 * qemuxml2argvtest.c: domain XML -> QEMU command line, golden files
 *
 * tests/qemuxml2argvdata/NAME.xml is turned into a command line with the
 * capabilities of a recorded QEMU (tests/qemucapabilitiesdata) and compared
 * with NAME.x86_64-CAPS.args, or, for cases that must fail, the error with
 * NAME.x86_64-CAPS.err.  VIR_TEST_REGENERATE_OUTPUT=1 rewrites them; a data
 * file no case uses fails the run.
 *
 * Every JSON -netdev and -blockdev is checked against the QAPI schema QEMU
 * itself reported (query-qmp-schema in the .replies recording), and every
 * -device against the device's property list recorded from the same QEMU
 * (device-properties.x86_64-7.2.0.json, see tests/qemudevpropsrecord.py),
 * so a misspelt member or a wrongly typed value cannot pass.  The key=value
 * forms are checked for member names only (every value is a string there).
 */
#include "testutils.h"
#include "domain_addr.h"
#include "qemu_command.h"
#include "qemuschema.h"
#include "virerror.h"
#include "virfile.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

typedef enum {
    TEST_FAIL = 1 << 0,          /* expect NAME.x86_64-CAPS.err */
    TEST_PLACEHOLDERS = 1 << 1,  /* no fds from the caller (domxml-to-native) */
    TEST_KEYVAL = 1 << 2,        /* caps without NETDEV_JSON / DEVICE_JSON */
    TEST_NO_SANDBOX = 1 << 3,    /* qemu.conf seccomp_sandbox = 0 */
    TEST_NO_HELPER = 1 << 4,     /* no bridge helper found on the host */
    TEST_NO_MTU = 1 << 5,        /* caps without VIRTIO_NET_HOST_MTU */
    TEST_NO_KVM = 1 << 6,        /* caps without KVM */
    TEST_NO_STREAM = 1 << 7,     /* caps without NETDEV_STREAM */
    TEST_NO_E1000E = 1 << 8,     /* caps without the e1000e device */
    TEST_NO_USER = 1 << 9,       /* caps without NETDEV_USER (no slirp) */
    TEST_UNPRIV_HELPER = 1 << 10, /* the bridge helper is neither setuid nor has file caps */
    TEST_MONITOR_FD = 1 << 11,   /* the QMP socket passed as fd 3 (system mode) */
    TEST_NO_DISPLAY = 1 << 12,   /* caps without SPICE, VNC, spicevmc, usb-redir, qxl, AC97 */
    TEST_STREAM_RECONNECT = 1 << 13, /* caps with NETDEV_STREAM_RECONNECT (QEMU 8.0) */
    TEST_MACHINE_ACPI = 1 << 14, /* caps with MACHINE_ACPI (QEMU 8.0+'s query-machines) */
    TEST_NO_VHOST = 1 << 15,     /* /dev/vhost-net did not open: no vhost fds */
} testFlags;

typedef struct {
    const char *name;
    const char *caps;       /* "7.2.0" or "7.2.0-nobridge" */
    unsigned int flags;
    const char *linkDown;   /* NIC aliases the caller must set down, ',' separated */
} testCase;

#define CAPS "7.2.0"
#define NOBRIDGE "7.2.0-nobridge"
#define HELPER "/usr/lib/qemu/qemu-bridge-helper"

static const testCase cases[] = {
    /* machine, sizing, boot */
    { "minimal", CAPS, 0, NULL },
    { "minimal-kvm", CAPS, 0, NULL },
    { "machine-q35", CAPS, 0, NULL },
    { "machine-versioned", CAPS, 0, NULL },
    { "machine-alias-pc", CAPS, 0, NULL },
    { "name-chars", CAPS, 0, NULL },
    { "kernel-boot", CAPS, 0, NULL },
    { "boot-order", CAPS, 0, NULL },
    { "boot-order-devices", CAPS, 0, NULL },
    { "no-sandbox-conf", CAPS, TEST_NO_SANDBOX, NULL },
    { "vcpu-current", CAPS, 0, NULL },
    { "lifecycle-defaults", CAPS, 0, NULL },
    { "lifecycle-no-reboot", CAPS, 0, NULL },
    { "metadata", CAPS, 0, NULL },
    /* features, cpu, clock, pm */
    { "machine-features-pc", CAPS, 0, NULL },
    { "machine-features-q35", CAPS, 0, NULL },
    { "machine-features-kvm", CAPS, 0, NULL },
    { "features-no-acpi", CAPS, 0, NULL },
    /* a binary whose machines say they have ACPI takes -machine acpi= */
    { "acpi-machine-prop-on", CAPS, TEST_MACHINE_ACPI, NULL },
    { "acpi-machine-prop-off", CAPS, TEST_MACHINE_ACPI, NULL },
    { "clock-localtime", CAPS, 0, NULL },
    /* <vcpu cpuset=> is the process's affinity (qemu_process.c): no option */
    { "vcpu-cpuset", CAPS, 0, NULL },
    { "memory-dumpcore", CAPS, 0, NULL },
    { "cpu-host-passthrough", CAPS, 0, NULL },
    { "cpu-maximum", CAPS, 0, NULL },
    { "cpu-custom-features", CAPS, 0, NULL },
    /* controllers, input */
    { "controllers-input-q35", CAPS, 0, NULL },
    { "controllers-input-pc", CAPS, 0, NULL },
    { "controllers-input-pc", CAPS, TEST_KEYVAL, NULL },
    { "controller-usb-default", CAPS, 0, NULL },
    { "controller-usb-none", CAPS, 0, NULL },
    { "controller-usb-ports", CAPS, 0, NULL },
    { "controller-pcie-root-port", CAPS, 0, NULL },
    /* PCI addresses: assigned at define (pc: pci.0; q35: a pcie-root-port
     * per PCI Express device, a pci-bridge behind a dmi-to-pci-bridge for
     * conventional ones), or given in the XML */
    { "pci-addr-pc", CAPS, 0, NULL },
    { "pci-addr-q35", CAPS, 0, NULL },
    { "pci-addr-q35", CAPS, TEST_KEYVAL, NULL },
    { "pci-addr-q35-given", CAPS, 0, NULL },
    { "pci-addr-pc-full", CAPS, 0, NULL },
    { "pci-addr-q35-full", CAPS, 0, NULL },
    /* channels */
    { "channel-unix-q35", CAPS, 0, NULL },
    { "channel-unix-pc", CAPS, 0, NULL },
    /* displays and the SPICE channels */
    { "graphics-vnc-autoport", CAPS, 0, NULL },
    { "graphics-vnc-listen", CAPS, 0, NULL },
    { "graphics-vnc-ipv6", CAPS, 0, NULL },
    { "graphics-vnc-socket", CAPS, 0, NULL },
    { "graphics-vnc-socket-default", CAPS, 0, NULL },
    /* upstream's name-escape: ',' doubled in -name, every path from the
     * name's file stem */
    { "name-escape", CAPS, 0, NULL },
    { "name-option", CAPS, 0, NULL },
    { "graphics-vnc-none", CAPS, 0, NULL },
    { "graphics-spice-virtinst", CAPS, 0, NULL },
    { "graphics-spice-virtinst", CAPS, TEST_KEYVAL, NULL },
    { "graphics-spice-options", CAPS, 0, NULL },
    { "graphics-spice-socket", CAPS, 0, NULL },
    { "graphics-spice-none", CAPS, 0, NULL },
    { "graphics-vnc-spice", CAPS, 0, NULL },
    { "err-graphics-spice-missing", CAPS, TEST_FAIL | TEST_NO_DISPLAY, NULL },
    { "err-graphics-vnc-missing", CAPS, TEST_FAIL | TEST_NO_DISPLAY, NULL },
    { "err-graphics-vnc-two", CAPS, TEST_FAIL, NULL },
    { "err-graphics-vnc-port-low", CAPS, TEST_FAIL, NULL },
    { "err-graphics-listen-hostname", CAPS, TEST_FAIL, NULL },
    { "err-graphics-socket-system", CAPS, TEST_FAIL | TEST_MONITOR_FD, NULL },
    { "err-channel-spicevmc-no-spice", CAPS, TEST_FAIL, NULL },
    { "err-redirdev-no-spice", CAPS, TEST_FAIL, NULL },
    { "err-redirdev-no-usb", CAPS, TEST_FAIL, NULL },
    /* video */
    { "video-qxl", CAPS, 0, NULL },
    { "video-qxl", CAPS, TEST_KEYVAL, NULL },
    { "video-virtio", CAPS, 0, NULL },
    { "video-vga", CAPS, 0, NULL },
    { "video-bochs", CAPS, 0, NULL },
    { "video-cirrus", CAPS, 0, NULL },
    { "video-none", CAPS, 0, NULL },
    { "err-video-none-combined", CAPS, TEST_FAIL, NULL },
    { "err-video-vga-secondary", CAPS, TEST_FAIL, NULL },
    { "err-video-vgamem-unit", CAPS, TEST_FAIL, NULL },
    { "err-video-ram-vga", CAPS, TEST_FAIL, NULL },
    { "err-video-primary-second", CAPS, TEST_FAIL, NULL },
    { "err-video-qxl-missing", CAPS, TEST_FAIL | TEST_NO_DISPLAY, NULL },
    /* sound cards and audio backends */
    { "sound-ich9-default", CAPS, 0, NULL },
    { "sound-spice-default", CAPS, 0, NULL },
    { "sound-codecs-audio", CAPS, 0, NULL },
    { "sound-codecs-audio", CAPS, TEST_KEYVAL, NULL },
    { "audio-none-only", CAPS, 0, NULL },
    { "err-sound-audio-missing", CAPS, TEST_FAIL, NULL },
    { "err-audio-spice-no-graphics", CAPS, TEST_FAIL, NULL },
    { "err-audio-duplicate", CAPS, TEST_FAIL, NULL },
    { "err-unacted-audio", CAPS, TEST_FAIL, NULL },
    { "err-sound-missing", CAPS, TEST_FAIL | TEST_NO_DISPLAY, NULL },
    /* watchdogs, panic */
    { "watchdog-i6300esb", CAPS, 0, NULL },
    { "watchdog-i6300esb", CAPS, TEST_KEYVAL, NULL },
    { "watchdog-itco", CAPS, 0, NULL },
    { "watchdog-default", CAPS, 0, NULL },
    { "err-watchdog-dump", CAPS, TEST_FAIL, NULL },
    { "err-watchdog-actions", CAPS, TEST_FAIL, NULL },
    { "err-watchdog-itco-pc", CAPS, TEST_FAIL, NULL },
    { "err-panic-two", CAPS, TEST_FAIL, NULL },
    /* memory balloon, RNG */
    { "balloon-rng-pc", CAPS, 0, NULL },
    { "balloon-rng-q35", CAPS, 0, NULL },
    { "balloon-rng-q35", CAPS, TEST_KEYVAL, NULL },
    { "balloon-none", CAPS, 0, NULL },
    /* virt-install's server domain; its desktop domain (type kvm) without
     * the devices that are not acted on yet (spicevmc channel, graphics,
     * sound, video, redirdev; see below for the whole document) */
    { "virtinst-server", CAPS, 0, NULL },
    /* what upstream libvirt 9.0 wrote for i440fx (tests/domainxml2xmldata/
     * README): cpu, clock, lifecycle, controllers, input, balloon */
    { "upstream-bridge", CAPS, 0, NULL },
    { "upstream-direct", CAPS, 0, NULL },
    { "upstream-twonics", CAPS, 0, NULL },
    { "upstream-live-running", CAPS, 0, NULL },
    /* and for q35: pcie-root-ports, SATA */
    { "upstream-network", CAPS, 0, NULL },
    /* interface tuning it keeps but does not act on: refused at start */
    { "upstream-tuned", CAPS, TEST_FAIL, NULL },
    { "virtinst-desktop-machine", CAPS, 0, NULL },
    /* ... and the whole desktop document for KVM: SPICE, QXL, sound, USB
     * redirection, both agent channels */
    { "virtinst-desktop-kvm", CAPS, 0, NULL },
    /* virt-install's q35 domains (hand-written after its output: its
     * test driver has no q35): root ports without index or address */
    { "virtinst-q35-server", CAPS, 0, NULL },
    { "virtinst-q35-desktop", CAPS, 0, NULL },
    /* disks */
    { "disk-virtio-qcow2", CAPS, 0, NULL },
    { "disk-virtio-raw-block", CAPS, 0, NULL },
    { "disk-ide-cdrom", CAPS, 0, NULL },
    { "disk-sata-q35", CAPS, 0, NULL },
    { "disk-scsi", CAPS, 0, NULL },
    { "disk-readonly", CAPS, 0, NULL },
    { "disk-cdrom-empty", CAPS, 0, NULL },
    { "disk-addresses", CAPS, 0, NULL },
    /* serial and console */
    { "serial-pty", CAPS, 0, NULL },
    { "serial-file", CAPS, 0, NULL },
    { "serial-null-two", CAPS, 0, NULL },
    { "console-only", CAPS, 0, NULL },
    { "console-virtio", CAPS, 0, NULL },
    { "serial-keyval", CAPS, TEST_KEYVAL, NULL },
    { "serial-unix-tcp", CAPS, 0, NULL },
    { "serial-connect", CAPS, 0, NULL },
    /* interfaces: the bridge helper */
    { "net-bridge-helper", CAPS, 0, NULL },
    { "net-bridge-helper-keyval", CAPS, TEST_KEYVAL, NULL },
    { "net-bridge-helper-mtu", CAPS, 0, NULL },
    { "net-bridge-helper-e1000", CAPS, 0, NULL },
    { "net-bridge-helper-and-networkd", CAPS, 0, NULL },
    { "net-bridge-helper-unprivileged", CAPS, TEST_UNPRIV_HELPER, NULL },
    { "monitor-fd", CAPS, TEST_MONITOR_FD, NULL },
    { "err-channel-unix-system", CAPS, TEST_MONITOR_FD | TEST_FAIL, NULL },
    /* networkd / default: tap fds from the caller */
    { "net-bridge-default", CAPS, 0, NULL },
    { "net-bridge-networkd", CAPS, 0, NULL },
    { "net-bridge-networkd", CAPS, TEST_KEYVAL, NULL },
    { "net-virtio-driver-opts", CAPS, 0, NULL },
    { "net-virtio-driver-opts", CAPS, TEST_KEYVAL, NULL },
    { "net-user-addr", CAPS, 0, NULL },
    { "net-network", CAPS, 0, NULL },
    { "net-network-portgroup", CAPS, 0, NULL },
    { "net-direct", CAPS, 0, NULL },
    { "net-multiqueue", CAPS, 0, NULL },
    { "net-multiqueue-keyval", CAPS, TEST_KEYVAL, NULL },
    { "net-multiqueue-max", CAPS, 0, NULL },
    { "net-vhost", CAPS, 0, NULL },
    { "net-vhost-default", CAPS, 0, NULL },
    { "net-vhost-default", CAPS, TEST_NO_VHOST, NULL },
    { "net-driver-qemu", CAPS, 0, NULL },
    { "net-mtu", CAPS, 0, NULL },
    { "net-placeholders", CAPS, TEST_PLACEHOLDERS, NULL },
    { "net-ethernet-existing-tap", CAPS, 0, NULL },
    { "net-ethernet-managed", CAPS, 0, NULL },
    { "net-ethernet-no-target", CAPS, 0, NULL },
    /* user mode */
    { "net-user", CAPS, 0, NULL },
    { "net-user-keyval", CAPS, TEST_KEYVAL, NULL },
    { "net-passt", CAPS, 0, NULL },
    { "net-passt-keyval", CAPS, TEST_KEYVAL, NULL },
    { "net-passt-placeholder", CAPS, TEST_PLACEHOLDERS, NULL },
    { "net-passt-reconnect", CAPS, TEST_STREAM_RECONNECT, NULL },
    /* NIC models, addresses, link state */
    { "net-model-e1000", CAPS, 0, NULL },
    { "net-model-e1000e", CAPS, 0, NULL },
    { "net-model-rtl8139", CAPS, 0, NULL },
    { "net-model-default", CAPS, 0, NULL },
    { "net-pci-address", CAPS, 0, NULL },
    { "net-pci-address-q35", CAPS, 0, NULL },
    { "net-pci-multifunction", CAPS, 0, NULL },
    { "net-link-down", CAPS, 0, "net0" },
    { "net-user-alias", CAPS, 0, "ua-uplink" },
    { "net-four-nics", CAPS, 0, "net3" },
    { "net-networkd-nobridge", NOBRIDGE, 0, NULL },
    /* the examples of docs and README */
    { "demo-guest", CAPS, 0, NULL },

    /* errors */
    { "err-bridge-helper-nobridge", NOBRIDGE, TEST_FAIL, NULL },
    { "err-bridge-helper-multiqueue", CAPS, TEST_FAIL, NULL },
    { "err-bridge-helper-vhost", CAPS, TEST_FAIL, NULL },
    { "err-bridge-helper-no-helper", CAPS, TEST_FAIL | TEST_NO_HELPER, NULL },
    { "err-ethernet-backend-tap", CAPS, TEST_FAIL, NULL },
    { "err-bridge-backend-vhost", CAPS, TEST_FAIL, NULL },
    { "err-ethernet-ip", CAPS, TEST_FAIL, NULL },
    { "err-ethernet-route", CAPS, TEST_FAIL, NULL },
    { "err-mtu-e1000", CAPS, TEST_FAIL, NULL },
    { "err-mtu-no-cap", CAPS, TEST_FAIL | TEST_NO_MTU, NULL },
    { "err-passt-no-stream", CAPS, TEST_FAIL | TEST_NO_STREAM, NULL },
    { "err-user-no-slirp", CAPS, TEST_FAIL | TEST_NO_USER, NULL },
    { "err-user-multiqueue", CAPS, TEST_FAIL, NULL },
    { "err-model-e1000e-missing", CAPS, TEST_FAIL | TEST_NO_E1000E, NULL },
    { "err-machine-unknown", CAPS, TEST_FAIL, NULL },
    { "err-kvm-missing", CAPS, TEST_FAIL | TEST_NO_KVM, NULL },
    { "err-pci-bus", CAPS, TEST_FAIL, NULL },
    { "err-pci-root-port-pc", CAPS, TEST_FAIL, NULL },
    { "err-pci-root-port-slot", CAPS, TEST_FAIL, NULL },
    { "err-pci-model-ioh3420", CAPS, TEST_FAIL, NULL },
    { "err-ide-q35", CAPS, TEST_FAIL, NULL },
    { "err-sata-pc", CAPS, TEST_FAIL, NULL },
    { "err-pc-ide-slot-taken", CAPS, TEST_FAIL, NULL },
    { "err-pci-root-q35", CAPS, TEST_FAIL, NULL },
    { "err-pci-root-index", CAPS, TEST_FAIL, NULL },
    { "err-pci-root-address", CAPS, TEST_FAIL, NULL },
    { "err-cdrom-virtio", CAPS, TEST_FAIL, NULL },
    { "err-disk-format", CAPS, TEST_FAIL, NULL },
    { "err-disk-drive-controller", CAPS, TEST_FAIL, NULL },
    { "err-serial-port", CAPS, TEST_FAIL, NULL },
    /* kept in the definition, not acted on: start refuses, naming it */
    { "err-vcpu-placement-auto", CAPS, TEST_FAIL, NULL },
    { "err-on-poweroff-restart", CAPS, TEST_FAIL, NULL },
    { "err-on-crash-preserve", CAPS, TEST_FAIL, NULL },
    { "err-os-firmware", CAPS, TEST_FAIL, NULL },
    { "err-unacted-os-bootmenu", CAPS, TEST_FAIL, NULL },
    { "err-unacted-features", CAPS, TEST_FAIL, NULL },
    { "err-unacted-graphics-passwd", CAPS, TEST_FAIL, NULL },
    { "err-unacted-graphics-spice", CAPS, TEST_FAIL, NULL },
    { "err-unacted-video", CAPS, TEST_FAIL, NULL },
    { "err-unacted-sound", CAPS, TEST_FAIL, NULL },
    { "err-unacted-redirdev", CAPS, TEST_FAIL, NULL },
    { "err-unacted-watchdog", CAPS, TEST_FAIL, NULL },
    { "err-unacted-panic", CAPS, TEST_FAIL, NULL },
    { "err-virt-hvf", CAPS, TEST_FAIL, NULL },
    { "err-passt-logfile", CAPS, TEST_FAIL, NULL },
    { "err-unacted-disk-network", CAPS, TEST_FAIL, NULL },
    { "err-unacted-serial-udp", CAPS, TEST_FAIL, NULL },
    { "err-unacted-interface-script", CAPS, TEST_FAIL, NULL },
    { "err-unacted-filesystem", CAPS, TEST_FAIL, NULL },
    /* kept inside a device: named with the device */
    { "err-unacted-disk-iotune", CAPS, TEST_FAIL, NULL },
    { "err-unacted-disk-driver-cache", CAPS, TEST_FAIL, NULL },
    { "err-unacted-disk-backing", CAPS, TEST_FAIL, NULL },
    { "err-unacted-interface-rom", CAPS, TEST_FAIL, NULL },
    { "err-unacted-serial-log", CAPS, TEST_FAIL, NULL },
    { "err-unacted-console-log", CAPS, TEST_FAIL, NULL },
    { "err-cpu-host-passthrough-tcg", CAPS, TEST_FAIL, NULL },
    { "err-cpu-host-model", CAPS, TEST_FAIL, NULL },
    { "err-cpu-numa", CAPS, TEST_FAIL, NULL },
    { "err-cpu-feature-optional", CAPS, TEST_FAIL, NULL },
    { "err-timer-kvmclock", CAPS, TEST_FAIL, NULL },
    { "err-timer-pit-catchup", CAPS, TEST_FAIL, NULL },
    { "err-clock-variable", CAPS, TEST_FAIL, NULL },
    { "err-pm-unknown", CAPS, TEST_FAIL, NULL },
    { "err-pm-no-acpi", CAPS, TEST_FAIL, NULL },
    { "err-unacted-rng-egd", CAPS, TEST_FAIL, NULL },
    { "err-input-usb-no-controller", CAPS, TEST_FAIL, NULL },
    { "err-input-tablet-ps2", CAPS, TEST_FAIL, NULL },
    { "err-controller-sata-pc", CAPS, TEST_FAIL, NULL },
    { "err-controller-scsi-lsilogic", CAPS, TEST_FAIL, NULL },
    { "err-unacted-balloon-stats", CAPS, TEST_FAIL, NULL },
    /* virt-install's whole desktop document, as written for the test
     * driver (type qemu): TCG cannot pass the host CPU through */
    { "virtinst-desktop", CAPS, TEST_FAIL, NULL },
};

static qemuSchema *schema;

/* Loads tests/qemucapabilitiesdata/caps_7.2.0_x86_64[-VARIANT].xml. */
static virQEMUCaps *
testLoadCaps(const char *capsName)
{
    g_autofree char *ver = g_strdup(capsName);
    char *dash = strchr(ver, '-');
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;

    if (dash)
        *dash = '_';   /* "7.2.0-nobridge" -> caps_7.2.0_x86_64-nobridge */
    path = dash ? g_strdup_printf("%s/qemucapabilitiesdata/caps_%.*s_x86_64-%s.xml",
                                  virTestSrcDir(), (int)(dash - ver), ver, dash + 1)
                : g_strdup_printf("%s/qemucapabilitiesdata/caps_%s_x86_64.xml",
                                  virTestSrcDir(), ver);
    if (virFileReadAll(path, 1024 * 1024, &xml) < 0)
        return NULL;
    return virQEMUCapsParseCache(xml, path);
}

/* Deterministic fds: interface i, queue q gets 30 + 10 * i + q, and
 * 100 + 10 * i + q for vhost-net where the NIC uses it (unless @noVhost:
 * as start does where /dev/vhost-net does not open). */
static qemuCommandNetHost *
testNetHosts(const virDomainDef *def, GPtrArray *keep, bool noVhost)
{
    qemuCommandNetHost *hosts = g_new0(qemuCommandNetHost, def->nnets ? def->nnets : 1);
    size_t i;

    for (i = 0; i < def->nnets; i++) {
        unsigned int queues = def->nets[i]->queues ? def->nets[i]->queues : 1;
        int *fds = g_new0(int, queues);
        /* the driver's own path, so that a change of it shows here */
        char *sock = virDomainNetPasstSocketPath("/run/user/1000/libvirt/qemu/run", def, i);
        unsigned int q;

        virDomainNetHost host = { 0 };

        for (q = 0; q < queues; q++)
            fds[q] = 30 + 10 * (int)i + (int)q;
        hosts[i].tapfds = fds;
        hosts[i].ntapfds = queues;
        hosts[i].passtSocket = sock;
        g_ptr_array_add(keep, fds);
        g_ptr_array_add(keep, sock);
        if (virDomainNetResolveHost(def->nets[i], &host) < 0) {
            virResetLastError();   /* the builder reports it */
            continue;
        }
        if (!noVhost && (host.vhost || host.vhostIfAvailable)) {
            int *vhostfds = g_new0(int, queues);

            for (q = 0; q < queues; q++)
                vhostfds[q] = 100 + 10 * (int)i + (int)q;
            hosts[i].vhostfds = vhostfds;
            hosts[i].nvhostfds = queues;
            g_ptr_array_add(keep, vhostfds);
        }
    }
    return hosts;
}

/* The recorded schema is QEMU 7.2's; QEMU 8.0 added the stream netdev's
 * "reconnect" (NetdevStreamOptions, uint32 seconds).  Returns @val
 * without that member, or NULL when it is there but not such a number. */
static char *
testNetdevWithoutReconnect(const char *val)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    JsonObject *obj;
    JsonNode *member;

    if (!json_parser_load_from_data(parser, val, -1, NULL) ||
        !JSON_NODE_HOLDS_OBJECT(json_parser_get_root(parser)))
        return g_strdup(val);
    obj = json_node_get_object(json_parser_get_root(parser));
    if (!(member = json_object_get_member(obj, "reconnect")))
        return g_strdup(val);
    if (json_node_get_value_type(member) != G_TYPE_INT64 ||
        json_node_get_int(member) < 0 || json_node_get_int(member) > G_MAXUINT32)
        return NULL;
    json_object_remove_member(obj, "reconnect");
    json_generator_set_root(gen, json_parser_get_root(parser));
    return json_generator_to_data(gen, NULL);
}

/* Checks every JSON/keyval -netdev, -device and -blockdev of @cmd;
 * @reconnect: the caps claim QEMU 8.0's stream "reconnect". */
static int
testCheckSchema(const qemuCommand *cmd, bool reconnect)
{
    size_t i;

    for (i = 1; i + 1 < cmd->args->len && cmd->args->pdata[i + 1]; i++) {
        const char *opt = cmd->args->pdata[i];
        const char *val = cmd->args->pdata[i + 1];
        g_autofree char *err = NULL;

        if (strcmp(opt, "-netdev") == 0 && reconnect) {
            g_autofree char *rest = testNetdevWithoutReconnect(val);

            err = rest ? qemuSchemaCheckNetdev(schema, rest)
                       : g_strdup("'reconnect' is not a uint32");
        } else if (strcmp(opt, "-netdev") == 0)
            err = qemuSchemaCheckNetdev(schema, val);
        else if (strcmp(opt, "-blockdev") == 0)
            err = qemuSchemaCheckBlockdev(schema, val);
        else if (strcmp(opt, "-device") == 0)
            err = qemuSchemaCheckDevice(schema, val);
        else
            continue;
        if (err) {
            printf("%s %s\n  does not match QEMU's schema: %s\n", opt, val, err);
            return -1;
        }
        i++;
    }
    return 0;
}

static int
testXML2Argv(const void *opaque)
{
    const testCase *c = opaque;
    g_autofree char *xmlPath = g_strdup_printf("%s/qemuxml2argvdata/%s.xml", virTestSrcDir(), c->name);
    g_autofree char *outPath = g_strdup_printf("%s/qemuxml2argvdata/%s.x86_64-%s%s%s.%s",
                                               virTestSrcDir(), c->name, c->caps,
                                               c->flags & TEST_KEYVAL && !strstr(c->name, "keyval") ?
                                               "-keyval" : "",
                                               c->flags & TEST_NO_VHOST ? "-novhost" : "",
                                               c->flags & TEST_FAIL ? "err" : "args");
    g_autoptr(virDomainDef) def = NULL;
    g_autoptr(virQEMUCaps) caps = NULL;
    g_autoptr(qemuCommand) cmd = NULL;
    g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func(g_free);
    g_autofree qemuCommandNetHost *hosts = NULL;
    g_autofree char *monitor = NULL;
    g_autofree char *stem = NULL;
    g_autofree char *actual = NULL;
    qemuCommandParams params = { 0 };

    virTestMarkUsed(xmlPath);
    if (!(caps = testLoadCaps(c->caps)))
        return -1;
    if (c->flags & TEST_KEYVAL) {
        virQEMUCapsClear(caps, QEMU_CAPS_NETDEV_JSON);
        virQEMUCapsClear(caps, QEMU_CAPS_DEVICE_JSON);
    }
    if (c->flags & TEST_NO_MTU)
        virQEMUCapsClear(caps, QEMU_CAPS_VIRTIO_NET_HOST_MTU);
    if (c->flags & TEST_NO_KVM)
        virQEMUCapsClear(caps, QEMU_CAPS_KVM);
    if (c->flags & TEST_NO_STREAM)
        virQEMUCapsClear(caps, QEMU_CAPS_NETDEV_STREAM);
    if (c->flags & TEST_STREAM_RECONNECT)
        virQEMUCapsSet(caps, QEMU_CAPS_NETDEV_STREAM_RECONNECT);
    if (c->flags & TEST_NO_E1000E)
        virQEMUCapsClear(caps, QEMU_CAPS_DEVICE_E1000E);
    if (c->flags & TEST_NO_USER)
        virQEMUCapsClear(caps, QEMU_CAPS_NETDEV_USER);
    if (c->flags & TEST_MACHINE_ACPI)
        virQEMUCapsSet(caps, QEMU_CAPS_MACHINE_ACPI);
    if (c->flags & TEST_NO_DISPLAY) {
        virQEMUCapsClear(caps, QEMU_CAPS_SPICE);
        virQEMUCapsClear(caps, QEMU_CAPS_VNC);
        virQEMUCapsClear(caps, QEMU_CAPS_CHARDEV_SPICEVMC);
        virQEMUCapsClear(caps, QEMU_CAPS_DEVICE_USB_REDIR);
        virQEMUCapsClear(caps, QEMU_CAPS_DEVICE_QXL);
        virQEMUCapsClear(caps, QEMU_CAPS_DEVICE_AC97);
    }

    /* what a define stores: with its device addresses assigned */
    if (!(def = virDomainDefParseFile(xmlPath, 0)) ||
        virDomainDefAssignAddresses(def) < 0) {
        if (c->flags & TEST_FAIL) {
            actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
            return virTestCompareToFile(actual, outPath);
        }
        printf("cannot define %s: %s\n", xmlPath, virGetLastErrorMessage());
        return -1;
    }
    stem = virDomainNameFileStem(def->name);
    monitor = g_strdup_printf("/run/libvirt/qemu/%s.monitor", stem);
    params.monitorPath = monitor;
    params.bridgeHelper = c->flags & TEST_NO_HELPER ? NULL : HELPER;
    params.bridgeHelperPrivileged = !(c->flags & TEST_UNPRIV_HELPER);
    params.monitorFd = c->flags & TEST_MONITOR_FD ? 3 : 0;
    params.seccompSandbox = c->flags & TEST_NO_SANDBOX ? 0 : -1;
    if (!(c->flags & TEST_PLACEHOLDERS)) {
        hosts = testNetHosts(def, keep, c->flags & TEST_NO_VHOST);
        params.nets = hosts;
        params.nnets = def->nnets;
    }

    cmd = qemuBuildCommandLine(def, caps, &params);
    if (c->flags & TEST_FAIL) {
        if (cmd) {
            printf("building the command line succeeded, an error was expected\n");
            return -1;
        }
        actual = g_strdup_printf("%s\n", virGetLastErrorMessage());
        return virTestCompareToFile(actual, outPath);
    }
    if (!cmd)
        return -1;
    if (testCheckSchema(cmd, c->flags & TEST_STREAM_RECONNECT) < 0)
        return -1;
    {
        g_autofree char *joined = NULL;

        g_ptr_array_add(cmd->linkDown, NULL);
        joined = g_strjoinv(",", (char **)cmd->linkDown->pdata);
        g_ptr_array_remove_index(cmd->linkDown, cmd->linkDown->len - 1);
        if (virTestCompareStrings(c->linkDown ? c->linkDown : "", joined) < 0)
            return -1;
    }
    actual = qemuCommandFormat(cmd, QEMU_COMMAND_FORMAT_MULTI_LINE);
    return virTestCompareToFile(actual, outPath);
}

/* The schema check itself must catch typos and wrong types. */
static int
testSchemaCatches(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *opt;
        const char *val;
        bool ok;
    } checks[] = {
        { "-netdev", "{\"type\":\"tap\",\"fd\":\"3\",\"id\":\"hostnet0\"}", true },
        { "-netdev", "{\"type\":\"tap\",\"fds\":\"3:4\",\"vhost\":true,\"id\":\"h\"}", true },
        { "-netdev", "{\"type\":\"bridge\",\"br\":\"br0\",\"helper\":\"/x\",\"id\":\"h\"}", true },
        { "-netdev", "{\"type\":\"stream\",\"addr\":{\"type\":\"unix\",\"path\":\"/s\"},\"server\":false,\"id\":\"h\"}", true },
        { "-netdev", "tap,fd=3,vhost=on,id=hostnet0", true },
        { "-netdev", "stream,addr.type=unix,addr.path=/s,server=off,id=h", true },
        { "-netdev", "{\"type\":\"tap\",\"fd\":3,\"id\":\"h\"}", false },          /* fd is a str */
        { "-netdev", "{\"type\":\"tap\",\"fd\":\"3\"}", false },                 /* id is required */
        { "-netdev", "{\"type\":\"bridge\",\"bridge\":\"br0\",\"id\":\"h\"}", false }, /* br */
        { "-netdev", "{\"type\":\"taps\",\"id\":\"h\"}", false },
        { "-netdev", "{\"type\":\"tap\",\"vhost\":\"on\",\"id\":\"h\"}", false },
        { "-netdev", "{\"type\":\"stream\",\"addr\":{\"type\":\"unix\",\"file\":\"/s\"},\"id\":\"h\"}", false },
        { "-netdev", "tap,fd=3,vhots=on,id=h", false },
        { "-device", "{\"driver\":\"virtio-net-pci\",\"netdev\":\"h\",\"id\":\"net0\",\"mac\":\"52:54:00:00:00:01\",\"host_mtu\":9000,\"addr\":\"0x3\",\"bus\":\"pci.0\"}", true },
        { "-device", "{\"driver\":\"virtio-net-pci\",\"netdev\":\"h\",\"host_mtu\":\"9000\"}", false },
        { "-device", "{\"driver\":\"virtio-net-pci\",\"net\":\"h\"}", false },
        { "-device", "{\"driver\":\"virtio-net\",\"netdev\":\"h\"}", false },
        { "-device", "{\"driver\":\"virtio-net-pci\",\"mq\":\"on\"}", false },
        { "-device", "e1000,netdev=h,id=net0,mac=52:54:00:00:00:01", true },
        { "-device", "e1000,netdev=h,host_mtu=9000", false },
        { "-blockdev", "{\"driver\":\"file\",\"filename\":\"/x\",\"node-name\":\"n\",\"read-only\":false}", true },
        { "-blockdev", "{\"driver\":\"file\",\"file\":\"/x\",\"node-name\":\"n\"}", false },
        { "-blockdev", "{\"driver\":\"qcow2\",\"node-name\":\"f\",\"file\":\"n\",\"read-only\":\"no\"}", false },
    };
    size_t i;
    int ret = 0;

    for (i = 0; i < G_N_ELEMENTS(checks); i++) {
        g_autofree char *err = NULL;

        if (strcmp(checks[i].opt, "-netdev") == 0)
            err = qemuSchemaCheckNetdev(schema, checks[i].val);
        else if (strcmp(checks[i].opt, "-device") == 0)
            err = qemuSchemaCheckDevice(schema, checks[i].val);
        else
            err = qemuSchemaCheckBlockdev(schema, checks[i].val);
        if (!err != checks[i].ok) {
            printf("%s %s: expected %s, got %s\n", checks[i].opt, checks[i].val,
                   checks[i].ok ? "valid" : "an error", err ? err : "valid");
            ret = -1;
        }
    }
    return ret;
}

/* The one-line form used by virsh domxml-to-native quotes for a shell. */
static int
testFormatOneLine(const void *opaque G_GNUC_UNUSED)
{
    g_autoptr(qemuCommand) cmd = g_new0(qemuCommand, 1);
    g_autofree char *out = NULL;
    const char *args[] = { "/usr/bin/qemu", "-name", "guest=a b", "-netdev",
                           "{\"type\":\"user\",\"id\":\"h\"}", "-append", "", NULL };
    size_t i;

    cmd->args = g_ptr_array_new_with_free_func(g_free);
    cmd->linkDown = g_ptr_array_new_with_free_func(g_free);
    for (i = 0; i < G_N_ELEMENTS(args); i++)
        g_ptr_array_add(cmd->args, g_strdup(args[i]));
    out = qemuCommandFormat(cmd, QEMU_COMMAND_FORMAT_ONE_LINE);
    return virTestCompareStrings("/usr/bin/qemu -name 'guest=a b' -netdev "
                                 "'{\"type\":\"user\",\"id\":\"h\"}' -append ''", out);
}

/* define's note names only the kept elements without effect on the
 * guest; everything else kept is for start to refuse. */
static int
testKeptAnnotations(const void *opaque G_GNUC_UNUSED)
{
    static const struct {
        const char *file;
        const char *expect;
    } kept[] = {
        { "metadata", "metadata" },
        { "upstream-tuned", NULL },
        { "err-unacted-disk-iotune", NULL },
        { "err-unacted-audio", NULL },
    };
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(kept); i++) {
        g_autofree char *path = g_strdup_printf("%s/qemuxml2argvdata/%s.xml",
                                                virTestSrcDir(), kept[i].file);
        g_autoptr(virDomainDef) def = virDomainDefParseFile(path, 0);
        g_autofree char *got = NULL;

        if (!def)
            return -1;
        got = qemuBuildKeptAnnotations(def);
        if (virTestCompareStrings(kept[i].expect, got) < 0)
            return -1;
    }
    return 0;
}

static int
mymain(void)
{
    static const char * const suffixes[] = { ".xml", ".args", ".err", NULL };
    g_autofree char *replies = g_strdup_printf("%s/qemucapabilitiesdata/caps_7.2.0_x86_64.replies",
                                               virTestSrcDir());
    g_autofree char *devprops = g_strdup_printf("%s/qemuxml2argvdata/device-properties.x86_64-7.2.0.json",
                                                virTestSrcDir());
    g_autofree char *dataDir = g_strdup_printf("%s/qemuxml2argvdata", virTestSrcDir());
    size_t i;
    int ret = 0;

    if (!(schema = qemuSchemaLoad(replies, devprops))) {
        printf("cannot load the QEMU schema: %s\n", virGetLastErrorMessage());
        return -1;
    }
    ret |= virTestRun("schema check catches typos and wrong types", testSchemaCatches, NULL);
    ret |= virTestRun("one-line format quotes for a shell", testFormatOneLine, NULL);
    ret |= virTestRun("define names only the annotations", testKeptAnnotations, NULL);
    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *title = g_strdup_printf("%s (%s%s%s%s)", cases[i].name, cases[i].caps,
                                                 cases[i].flags & TEST_KEYVAL ? ", key=value" : "",
                                                 cases[i].flags & TEST_NO_VHOST ? ", no vhost-net" : "",
                                                 cases[i].flags & TEST_FAIL ? ", error" : "");

        ret |= virTestRun(title, testXML2Argv, &cases[i]);
    }
    qemuSchemaFree(schema);
    if (virTestCheckUnused(dataDir, suffixes) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
