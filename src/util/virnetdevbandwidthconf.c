/*
 * virnetdevbandwidthconf.c: the values of bandwidth limits — the one
 * value gate and the arithmetic of ceilings — without traffic control
 *
 * Split from virnetdevbandwidth.c so that code which only validates or
 * combines limits (the daemon's request parser, its fuzz target) does not
 * link libnl.
 */
#include "virnetdevbandwidth.h"

#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_NETDEV

/**
 * virNetDevBandwidthRateCheck:
 * The value gate of one direction: @what names it for messages.
 * Returns 0, or -1 with an error reported.
 */
static int
virNetDevBandwidthRateCheck(const char *what, const virNetDevBandwidthRate *r)
{
    if (r->average == 0 && (r->peak > 0 || r->burst > 0)) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("%1$s bandwidth: 'peak' and 'burst' need 'average'"), what);
        return -1;
    }
    if (r->average > VIR_NETDEV_BANDWIDTH_RATE_MAX || r->peak > VIR_NETDEV_BANDWIDTH_RATE_MAX ||
        r->floor > VIR_NETDEV_BANDWIDTH_RATE_MAX ||
        r->burst > VIR_NETDEV_BANDWIDTH_BURST_MAX) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("%1$s bandwidth: rates are at most %2$llu kilobytes/s, bursts at most %3$llu KiB"),
                       what, VIR_NETDEV_BANDWIDTH_RATE_MAX, VIR_NETDEV_BANDWIDTH_BURST_MAX);
        return -1;
    }
    if (r->peak > 0 && r->peak < r->average) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("%1$s bandwidth: 'peak' %2$llu is below 'average' %3$llu"),
                       what, r->peak, r->average);
        return -1;
    }
    return 0;
}

/**
 * virNetDevBandwidthCheck:
 * @bw: both directions
 *
 * The one value gate: peak and burst only with an average, peak >=
 * average, everything within the kernel's range.  A floor is a class
 * of a network's tree (virNetDevBandwidthTree*), never of the port's
 * device: virNetDevBandwidthSet does not read it.
 * Returns 0, or -1 with an error reported.
 */
int
virNetDevBandwidthCheck(const virNetDevBandwidth *bw)
{
    if (virNetDevBandwidthRateCheck(_("inbound"), &bw->inbound) < 0 ||
        virNetDevBandwidthRateCheck(_("outbound"), &bw->outbound) < 0)
        return -1;
    return 0;
}

/**
 * virNetDevBandwidthRateClamp:
 * Lowers @r to @ceiling where @ceiling limits more (0 is "no limit" in
 * both): average and peak to the ceiling's (its peak is its average when
 * it has none), a larger burst to the ceiling's.  A direction @r leaves
 * unlimited gets the ceiling.
 */
static void
virNetDevBandwidthRateClamp(virNetDevBandwidthRate *r, const virNetDevBandwidthRate *ceiling)
{
    unsigned long long ceilPeak = ceiling->peak ? ceiling->peak : ceiling->average;

    if (ceiling->average == 0)
        return;
    if (r->average == 0) {
        r->average = ceiling->average;
        r->peak = ceiling->peak;
        r->burst = ceiling->burst;
        return;
    }
    r->average = MIN(r->average, ceiling->average);
    /* no peak of its own: the average (now at most the ceiling's) */
    if (r->peak > ceilPeak)
        r->peak = ceilPeak;
    if (r->peak && r->peak < r->average)
        r->peak = r->average;
    /* no burst of its own: the ceiling's (0 is the shaper's smallest
     * burst, but a policer's bucket of a second at the average:
     * virNetDevBandwidthPolice) */
    if (ceiling->burst && (r->burst == 0 || r->burst > ceiling->burst))
        r->burst = ceiling->burst;
}

/**
 * virNetDevBandwidthPolice:
 * @r: a port's <outbound> (average set)
 * @rate: receives the policer's rate, bytes/s
 * @burst: receives what its bucket holds beyond one second at @rate,
 *         bytes
 *
 * Upstream polices what a guest sends through a tap ("police rate
 * AVERAGE burst BURST", BURST being AVERAGE's worth of a second when
 * not given) and ignores a peak there.  An nftables limit object
 * ("rate over RATE burst BURST") is a bucket of one second at RATE plus
 * BURST.  So @r is that policer when it has no peak (which only a shaper
 * keeps) and its bucket is at least one second at the average; else
 * the caller shapes it (an ifb with htb).  Returns whether @rate and
 * @burst were set.
 */
bool
virNetDevBandwidthPolice(const virNetDevBandwidthRate *r, guint64 *rate, guint64 *burst)
{
    guint64 bytes = r->average * 1000;
    guint64 bucket = (r->burst ? r->burst : r->average) * 1024;

    if (r->average == 0 || r->average > VIR_NETDEV_BANDWIDTH_RATE_MAX || r->peak > 0 ||
        r->burst > VIR_NETDEV_BANDWIDTH_BURST_MAX || bucket < bytes)
        return false;
    *rate = bytes;
    *burst = bucket - bytes;
    return true;
}

/**
 * virNetDevBandwidthClamp:
 * @bw: limits, lowered in place
 * @ceiling: the most a port may have (0 in a direction: no ceiling)
 *
 * Makes @bw no looser than @ceiling in either direction; a direction
 * @bw leaves unlimited gets the ceiling itself.  Pure; checked limits
 * stay checked.
 */
void
virNetDevBandwidthClamp(virNetDevBandwidth *bw, const virNetDevBandwidth *ceiling)
{
    virNetDevBandwidthRateClamp(&bw->inbound, &ceiling->inbound);
    virNetDevBandwidthRateClamp(&bw->outbound, &ceiling->outbound);
}
