/*
 * networkd_portctl.c: a port's controls on the host
 *
 * Theory of operation: a port's record holds the limits in force
 * (networkd_controls.c decided them when the port was made).  Applying
 * them is src/util's virNetDevBandwidthSetNew on the port's device — a
 * tap faces the guest the other way round from a macvtap, which the util
 * layer turns into the right qdiscs — with an ifb device for the
 * direction the device receives.  Everything on the port's device goes
 * with the device; the ifb does not.  A new port takes a spare ifb made
 * ahead of time off the main loop (networkd_ifbpool.c; one made on the
 * spot when there is none), and its record names it (key "ifb", a name
 * of the daemon's: "lvifb-N"; a record without one, from before, had
 * "lvifbN" after the port's ifindex); so a port's limits cost the main
 * loop one batch of traffic-control requests and no link creation.  When
 * the port goes, whatever took it away, the teardown worker takes its
 * limits off the ifb and keeps it as a spare, or deletes it.  The restore
 * after a restart re-creates the ifb under its recorded name and
 * replaces the limits (virNetDevBandwidthSet, in
 * virNetworkdPortControlsRestore).
 *
 * What the guest sends through a tap on a Linux bridge is policed
 * rather than shaped when upstream's meaning allows it (an average, no
 * peak: virNetDevBandwidthPolice): a limit object of the daemon's
 * bridge table (src/util/virnwfilter.c), which needs no ifb, no qdisc
 * and no rtnl_lock, where the other direction and other ports keep
 * their qdiscs.  The table's rules (the policer, the filter in force:
 * the chain of its building blocks with the guest's MAC and addresses)
 * are elements keyed by the port's device name; they go in on the
 * filter thread while the tap gets its qdiscs and joins its bridge, are
 * replaced on restart and removed with the port.  Elements keyed by
 * name must not outlive the port: a later port could get the name.
 */
#include "networkd_portctl.h"

#include <string.h>

#include "networkd_protocol.h"
#include "virerror.h"
#include "virnetdevbandwidth.h"
#include "virnetdevname.h"
#include "virnwfilter.h"

#define VIR_FROM_THIS VIR_FROM_NETWORKD

/* "lvifb" and an ifindex (at most 10 digits) fit IFNAMSIZ. */
G_STATIC_ASSERT(sizeof(VIR_NETWORKD_IFB_PREFIX) - 1 + 10 < 16);

/**
 * virNetworkdPortControlsDevice:
 * Which way @rec's device faces its guest.
 */
static virNetDevBandwidthDevice
virNetworkdPortControlsDevice(const virNetworkdPortRecord *rec)
{
    return rec->plug == VIR_NETWORKD_PLUG_DIRECT ?
        VIR_NETDEV_BANDWIDTH_DEVICE_MACVTAP : VIR_NETDEV_BANDWIDTH_DEVICE_TAP;
}

/**
 * virNetworkdPortControlsPolice:
 * Whether what @rec's guest sends is policed in the bridge table (a tap
 * on a Linux bridge whose <outbound> virNetDevBandwidthPolice takes),
 * and by which policer (into @police, when not NULL).
 */
static bool
virNetworkdPortControlsPolice(const virNetworkdPortRecord *rec, virNWFilterPolice *police)
{
    virNWFilterPolice p;
    guint64 rate, burst;

    /* (a rate beyond what the kernel's limit computes with is shaped) */
    if ((rec->plug != VIR_NETWORKD_PLUG_BRIDGE && rec->plug != VIR_NETWORKD_PLUG_NETWORK) ||
        rec->virtualport == VIR_NETWORKD_VIRTUALPORT_OPENVSWITCH ||
        !virNetDevBandwidthPolice(&rec->bandwidth.outbound, &rate, &burst) ||
        burst > G_MAXUINT32)
        return false;
    p.rate = rate;
    p.burst = burst;
    if (!virNWFilterPoliceIsValid(&p))
        return false;
    if (police)
        *police = p;
    return true;
}

/**
 * virNetworkdPortControlsHasRules:
 * Whether @rec has elements in the bridge table: a filter, a policer.
 */
bool
virNetworkdPortControlsHasRules(const virNetworkdPortRecord *rec)
{
    return rec->filterBlocks || virNetworkdPortControlsPolice(rec, NULL);
}

/**
 * virNetworkdPortControlsShaped:
 * Writes into @bw @rec's limits that traffic control keeps: all but
 * the policed direction.
 */
static void
virNetworkdPortControlsShaped(const virNetworkdPortRecord *rec, virNetDevBandwidth *bw)
{
    *bw = rec->bandwidth;
    if (virNetworkdPortControlsPolice(rec, NULL))
        memset(&bw->outbound, 0, sizeof(bw->outbound));
}

/**
 * virNetworkdPortControlsRules:
 * Fills @port with @rec's rules in the bridge table.
 */
static void
virNetworkdPortControlsRules(const virNetworkdPortRecord *rec, virNWFilterPort *port)
{
    *port = (virNWFilterPort) {
        .ifname = rec->ifname, .mac = rec->mac, .ips = rec->filterIPs,
        .nips = rec->nfilterIPs, .blocks = rec->filterBlocks,
    };
    virNetworkdPortControlsPolice(rec, &port->police);
}

/**
 * virNetworkdPortControlsIfb:
 * Returns the name of @rec's ifb device: the one its record names, else
 * (a record from before records named it) "lvifb" and the port's
 * ifindex, written into @buf (16 bytes).
 */
const char *
virNetworkdPortControlsIfb(const virNetworkdPortRecord *rec, char *buf)
{
    if (rec->ifb)
        return rec->ifb;
    g_snprintf(buf, 16, VIR_NETWORKD_IFB_PREFIX "%d", rec->ifindex);
    return buf;
}

/**
 * virNetworkdPortControlsLimitNew:
 * @sk: the daemon's netlink socket
 * @td: the teardown worker, whose pool has the spare ifbs
 * @rec: a port whose device was just made (its ifname, ifindex and MTU
 *       set; 0 for an MTU not known yet)
 *
 * Puts @rec's limits in force on its device, with a spare ifb from
 * @td's pool (or one made on the spot) when its received direction is
 * limited; sets @rec->ifb.  Best called while the device is still down:
 * a qdisc grafted onto a device that is up waits for an RCU grace
 * period.  Returns 0, or -1 with an error reported and nothing of it
 * left.
 */
int
virNetworkdPortControlsLimitNew(virNetlinkSocket *sk, virNetworkdTeardown *td,
                                virNetworkdPortRecord *rec)
{
    virNetDevBandwidthPort port = {
        .ifname = rec->ifname, .ifindex = rec->ifindex, .mtu = rec->mtu,
        .device = virNetworkdPortControlsDevice(rec),
    };
    virNetworkdIfbSpare spare = { 0 };
    virNetDevBandwidth bw;

    virNetworkdPortControlsShaped(rec, &bw);
    if (!bw.inbound.average && !bw.outbound.average)
        return 0;
    if (virNetDevBandwidthNeedsIfb(&bw, port.device)) {
        virNetworkdTeardownIfbTake(td, &spare);
        g_free(rec->ifb);
        rec->ifb = g_strdup(spare.name);
        port.ifbName = rec->ifb;
        port.ifbIndex = spare.ifindex;
    }
    if (virNetDevBandwidthSetNew(sk, &port, &bw) < 0) {
        g_clear_pointer(&rec->ifb, g_free);
        return -1;
    }
    return 0;
}

/**
 * virNetworkdPortControlsRestore:
 * @sk: the daemon's netlink socket
 * @rec: a port of a previous run whose device exists
 *
 * Puts @rec's limits and rules in force again, replacing whatever its
 * device and the bridge table have of it (a new port gets them from
 * virNetworkdPortControlsLimitNew and the filter thread).  Returns 0, or
 * -1 with an error reported and nothing of it left (its limits
 * included).
 */
int
virNetworkdPortControlsRestore(virNetlinkSocket *sk, virNetworkdPortRecord *rec)
{
    char ifb[16];
    virNWFilterPort rules;
    virNetDevBandwidth bw;

    virNetworkdPortControlsShaped(rec, &bw);
    virNetworkdPortControlsRules(rec, &rules);
    /* (with nothing shaped, it still takes off what an earlier run
     * shaped there, the ifb included) */
    if ((rec->bandwidth.inbound.average || rec->bandwidth.outbound.average) &&
        virNetDevBandwidthSet(sk, rec->ifname, virNetworkdPortControlsDevice(rec),
                              virNetworkdPortControlsIfb(rec, ifb), &bw) < 0)
        return -1;
    /* a record of a run that shaped what is policed now: its ifb went */
    if (!virNetDevBandwidthNeedsIfb(&bw, virNetworkdPortControlsDevice(rec)))
        g_clear_pointer(&rec->ifb, g_free);
    if (virNetworkdPortControlsHasRules(rec) && virNWFilterPortAdd(&rules) < 0) {
        virError *saved = NULL;

        virErrorPreserveLast(&saved);
        virNetworkdPortControlsRemove(sk, rec, NULL);
        virErrorRestore(&saved);
        return -1;
    }
    return 0;
}

/* A new port's rules (filter, policer), put in force on the filter
 * thread while the main loop plugs the port
 * (virNetworkdPortControlsFilterStart). */
struct _virNetworkdFilterJob {
    char ifname[VIR_NETDEV_NAME_MAX_LEN + 1];
    virMacAddr mac;
    virSocketAddr ips[VIR_NETWORKD_FILTER_IPS_MAX];
    size_t nips;
    unsigned int blocks;
    virNWFilterPolice police;

    GMutex lock;
    GCond cond;
    bool done;                  /* under @lock: @rc and @err are set */
    int rc;
    virError *err;              /* the filter thread's error, when @rc < 0 */
};

/**
 * virNetworkdPortControlsFilterRun:
 * The filter thread (a GThreadPool of one): puts @data's (a
 * virNetworkdFilterJob) filter in force and wakes its waiter.
 */
static void
virNetworkdPortControlsFilterRun(gpointer data, gpointer opaque G_GNUC_UNUSED)
{
    virNetworkdFilterJob *job = data;
    virNWFilterPort filter = {
        .ifname = job->ifname, .mac = job->mac, .ips = job->ips,
        .nips = job->nips, .blocks = job->blocks, .police = job->police,
    };
    int rc = virNWFilterPortAdd(&filter);
    virError *err = NULL;

    if (rc < 0)
        virErrorPreserveLast(&err);
    g_mutex_lock(&job->lock);
    job->rc = rc;
    job->err = err;
    job->done = true;
    g_cond_signal(&job->cond);
    g_mutex_unlock(&job->lock);
}

/**
 * virNetworkdPortControlsFilterPoolNew:
 * Returns the filter thread (free with g_thread_pool_free(pool, FALSE,
 * TRUE), which waits for its jobs).
 */
GThreadPool *
virNetworkdPortControlsFilterPoolNew(void)
{
    /* exclusive: the thread is made once, not per port */
    return g_thread_pool_new(virNetworkdPortControlsFilterRun, NULL, 1, TRUE, NULL);
}

/**
 * virNetworkdPortControlsFilterStart:
 * @pool: the filter thread
 * @rec: a new tap port (ifname, MAC, filter, bandwidth, virtualport
 *       decided)
 *
 * Starts putting @rec's rules (filter, policer) in force on the filter
 * thread, so that they cost the caller nothing while it plugs the port:
 * they are keyed by the port's name and need no device, and no frame
 * enters a bridge through a tap before its fds are handed out.  Returns
 * the job for virNetworkdPortControlsFilterFinish, which every path must
 * call before the port's fds leave the daemon or its rules are removed;
 * NULL when @rec has no rules.
 */
virNetworkdFilterJob *
virNetworkdPortControlsFilterStart(GThreadPool *pool, const virNetworkdPortRecord *rec)
{
    virNetworkdFilterJob *job;
    virNWFilterPort rules;

    if (!virNetworkdPortControlsHasRules(rec))
        return NULL;
    virNetworkdPortControlsRules(rec, &rules);
    job = g_new0(virNetworkdFilterJob, 1);
    job->police = rules.police;
    g_strlcpy(job->ifname, rec->ifname, sizeof(job->ifname));
    job->mac = rec->mac;
    job->nips = MIN(rec->nfilterIPs, G_N_ELEMENTS(job->ips));
    memcpy(job->ips, rec->filterIPs, job->nips * sizeof(job->ips[0]));
    job->blocks = rec->filterBlocks;
    g_mutex_init(&job->lock);
    g_cond_init(&job->cond);
    g_thread_pool_push(pool, job, NULL);
    return job;
}

/**
 * virNetworkdPortControlsFilterFinish:
 * @job: a job of virNetworkdPortControlsFilterStart, or NULL
 *
 * Waits until @job's filter is in force (or failed) and frees @job.
 * Returns 0 (also for NULL), or -1 with the filter thread's error
 * reported in the caller's thread and nothing of the filter left.
 */
int
virNetworkdPortControlsFilterFinish(virNetworkdFilterJob *job)
{
    int rc;

    if (!job)
        return 0;
    g_mutex_lock(&job->lock);
    while (!job->done)
        g_cond_wait(&job->cond, &job->lock);
    g_mutex_unlock(&job->lock);
    rc = job->rc;
    if (rc < 0)
        virErrorRestore(&job->err);
    g_mutex_clear(&job->lock);
    g_cond_clear(&job->cond);
    g_free(job);
    return rc;
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
 * @spare: when not NULL, receives the port's ifb as a spare (its limits
 *         off: virNetDevBandwidthIfbReset) instead of deleting it, if the
 *         port's device is gone; ifindex 0 when it was deleted or there
 *         is none
 *
 * Deletes what outlives the port's device: its rules in the bridge
 * table, and its ifb (only if the link of that name is an ifb).  Best
 * effort: a failure is logged.
 */
void
virNetworkdPortControlsRemove(virNetlinkSocket *sk, const virNetworkdPortRecord *rec,
                              virNetworkdIfbSpare *spare)
{
    virNetlinkLinkInfo info;
    virNetlinkLinkInfo dev;
    char buf[16];
    const char *ifb = virNetworkdPortControlsIfb(rec, buf);
    int rc;

    if (virNetworkdPortControlsHasRules(rec) && virNWFilterPortRemove(rec->ifname) < 0) {
        g_warning("port %s: %s", rec->ifname, virGetLastErrorMessage());
        virResetLastError();
    }
    if ((rc = virNetlinkLinkGetInfo(sk, 0, ifb, &info)) == 0 ||
        (rc == 1 && strcmp(info.kind, "ifb") != 0))
        return;
    /* a spare only once nothing can redirect to it: the device is gone
     * (its ifindex is never handed out again) */
    if (rc == 1 && spare && virNetlinkLinkGetInfo(sk, rec->ifindex, NULL, &dev) == 0) {
        if (virNetDevBandwidthIfbReset(sk, info.ifindex, ifb) == 0) {
            g_strlcpy(spare->name, ifb, sizeof(spare->name));
            spare->ifindex = info.ifindex;
            return;
        }
        g_warning("port %s: %s", rec->ifname, virGetLastErrorMessage());
    }
    virResetLastError();
    if (rc < 0 || virNetlinkLinkDelete(sk, info.ifindex, ifb) < 0) {
        g_warning("port %s: %s", rec->ifname, virGetLastErrorMessage());
        virResetLastError();
    }
}
