/*
 * virnetdevmacvtap.h: the character devices of existing macvtap links
 */
#pragma once

/* Opens /dev/tapN of the existing macvtap link @ifname once per queue.
 * Returns 0 with @fds filled (close-on-exec), 1 when @ifname is not a
 * macvtap link (nothing reported), or -1 with an error naming the link
 * and its device node. */
int virNetDevMacvtapOpenExisting(const char *ifname, unsigned int queues, int *fds);
