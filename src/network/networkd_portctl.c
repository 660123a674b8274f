/*
 * networkd_portctl.c: a port's controls on the host
 *
 * Theory of operation: a port's record holds the limits in force
 * (networkd_controls.c decided them when the port was made).  Applying
 * them is src/util's virNetDevBandwidthSet on the port's device — a tap
 * faces the guest the other way round from a macvtap, which the util
 * layer turns into the right qdiscs — with an ifb device for the
 * direction the device receives.  Everything on the port's device goes
 * with the device; the ifb does not, so it is named after the port's
 * ifindex ("lvifbN": fixed for the port's life and known again after a
 * restart from the record) and deleted when the port goes, whatever
 * took it away.  Applying replaces, so the restore after a restart is
 * the same call.
 *
 * The filter in force is a chain of the daemon's bridge table
 * (src/util/virnwfilter.c) named after the port's device, with the
 * guest's MAC and addresses; it is added once the tap is on its bridge,
 * replaced on restart and removed with the port.  A chain keyed by name
 * must not outlive the port: a later port could get the name.
 */
#include "networkd_portctl.h"

#include <string.h>

#include "virerror.h"
#include "virnetdevbandwidth.h"
#include "virnwfilter.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

#define VIR_NETWORKD_IFB_PREFIX "lvifb"

/* "lvifb" and an ifindex (at most 10 digits) fit IFNAMSIZ. */
G_STATIC_ASSERT(sizeof(VIR_NETWORKD_IFB_PREFIX) - 1 + 10 < 16);

/**
 * virNetworkdPortControlsIfb:
 * Writes the name of @rec's ifb device into @buf (16 bytes).
 */
static const char *
virNetworkdPortControlsIfb(const virNetworkdPortRecord *rec, char *buf)
{
    g_snprintf(buf, 16, VIR_NETWORKD_IFB_PREFIX "%d", rec->ifindex);
    return buf;
}

/**
 * virNetworkdPortControlsApply:
 * @sk: the daemon's netlink socket
 * @rec: a port whose device exists
 * @fresh: the device was just created (it has no limits to replace)
 *
 * Puts @rec's limits and filter in force on its device, replacing
 * whatever it had (nothing when it has none).  Returns 0, or -1 with an
 * error reported and nothing of it left.
 */
int
virNetworkdPortControlsApply(virNetlinkSocket *sk, const virNetworkdPortRecord *rec,
                             bool fresh)
{
    char ifb[16];
    virNetDevBandwidthDevice device = rec->plug == VIR_NETWORKD_PLUG_DIRECT ?
        VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP : VIR_NETDEV_BANDWIDTH_DEVICE_TAP;
    virNWFilterPort filter = {
        .ifname = rec->ifname, .mac = rec->mac, .ips = rec->filterIPs,
        .nips = rec->nfilterIPs, .blocks = rec->filterBlocks,
    };

    if ((rec->bandwidth.inbound.average || rec->bandwidth.outbound.average) &&
        (fresh ? virNetDevBandwidthSetNew : virNetDevBandwidthSet)(
            sk, rec->ifname, device, virNetworkdPortControlsIfb(rec, ifb), &rec->bandwidth) < 0)
        return -1;
    if (rec->filterBlocks &&
        (virNWFilterPortCheck(&filter) < 0 || virNWFilterPortAdd(&filter) < 0)) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetworkdPortControlsRemove(sk, rec);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdPortControlsHasLeftovers:
 * Whether @rec may have something that outlives its device (a filter,
 * an ifb), which virNetworkdPortControlsRemove removes.
 */
bool
virNetworkdPortControlsHasLeftovers(const virNetworkdPortRecord *rec)
{
    return rec->filterBlocks || rec->bandwidth.inbound.average || rec->bandwidth.outbound.average;
}

/**
 * virNetworkdPortControlsRemove:
 * @sk: the daemon's netlink socket
 * @rec: a port that is going, or gone
 *
 * Deletes what outlives the port's device: its filter chain, and its
 * ifb (only if the link of that name is an ifb).  Best effort: a failure
 * is logged.
 */
void
virNetworkdPortControlsRemove(virNetlinkSocket *sk, const virNetworkdPortRecord *rec)
{
    virNetlinkLinkInfo info;
    char ifb[16];
    int rc;

    if (rec->filterBlocks && virNWFilterPortRemove(rec->ifname) < 0) {
        g_warning("port %s: %s", rec->ifname, virGetLastErrorMessage());
        virResetLastError();
    }
    virNetworkdPortControlsIfb(rec, ifb);
    if ((rc = virNetlinkLinkGetInfo(sk, 0, ifb, &info)) == 0)
        return;
    if (rc < 0 || (strcmp(info.kind, "ifb") == 0 &&
                   virNetlinkLinkDelete(sk, info.ifindex, ifb) < 0)) {
        g_warning("port %s: %s", rec->ifname, virGetLastErrorMessage());
        virResetLastError();
    }
}
