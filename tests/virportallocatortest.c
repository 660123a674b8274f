/*
 * virportallocatortest.c: the free-port search skips ports that are
 * listened on and ports already handed out, and fails with a reason when
 * the range has none.
 */
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virportallocator.h"

#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* A listening socket on 127.0.0.1 on a port the kernel picks: returns
 * its fd and sets *@port, or -1. */
static int
testListen(unsigned int *port)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
        listen(fd, 1) < 0 || getsockname(fd, (struct sockaddr *)&sin, &len) < 0) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    *port = ntohs(sin.sin_port);
    return fd;
}

/* A port in use is skipped; the next one is taken. */
static int
testSkipsListening(const void *opaque G_GNUC_UNUSED)
{
    unsigned int busy = 0;
    unsigned int got = 0;
    VIR_AUTOCLOSE fd = testListen(&busy);

    if (fd < 0 || busy >= 65535)
        return -1;
    if (virPortAllocatorFindFree("127.0.0.1", busy, busy + 1, NULL, 0, &got) < 0)
        return -1;
    return got == busy + 1 ? 0 : -1;
}

/* A port listened on by a wildcard socket is busy for 127.0.0.1 too. */
static int
testWildcardBusy(const void *opaque G_GNUC_UNUSED)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_ANY) };
    socklen_t len = sizeof(sin);
    VIR_AUTOCLOSE fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    unsigned int got = 0;
    unsigned int busy;

    if (fd < 0 || bind(fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
        listen(fd, 1) < 0 || getsockname(fd, (struct sockaddr *)&sin, &len) < 0)
        return -1;
    busy = ntohs(sin.sin_port);
    if (virPortAllocatorFindFree("127.0.0.1", busy, busy, NULL, 0, &got) == 0)
        return -1;
    return virGetLastErrorCode() == VIR_ERR_OPERATION_FAILED ? 0 : -1;
}

/* Ports handed out earlier (another display of the same domain) are
 * skipped although nothing listens on them yet. */
static int
testSkipList(const void *opaque G_GNUC_UNUSED)
{
    unsigned int free1 = 0;
    unsigned int got = 0;
    unsigned int skip[1];

    /* a port that is free right now: the kernel's pick, closed again */
    {
        VIR_AUTOCLOSE fd = testListen(&free1);

        if (fd < 0 || free1 >= 65535)
            return -1;
    }
    skip[0] = free1;
    if (virPortAllocatorFindFree("127.0.0.1", free1, free1 + 1, skip, 1, &got) < 0)
        return -1;
    return got == free1 + 1 ? 0 : -1;
}

/* An address that is not a numeric address, or not local, is an error
 * rather than "no free port". */
static int
testBadAddress(const void *opaque G_GNUC_UNUSED)
{
    unsigned int got = 0;

    if (virPortAllocatorFindFree("localhost", 5900, 5901, NULL, 0, &got) == 0)
        return -1;
    /* 198.18.0.0/15 is never configured on the test host's loopback */
    if (virPortAllocatorFindFree("198.18.0.1", 5900, 5901, NULL, 0, &got) == 0)
        return -1;
    return virGetLastErrorCode() == VIR_ERR_SYSTEM_ERROR ? 0 : -1;
}

static int
mymain(void)
{
    int ret = 0;

    if (virTestRun("a listened port is skipped", testSkipsListening, NULL) < 0)
        ret = -1;
    if (virTestRun("a wildcard listener makes the port busy", testWildcardBusy, NULL) < 0)
        ret = -1;
    if (virTestRun("ports handed out are skipped", testSkipList, NULL) < 0)
        ret = -1;
    if (virTestRun("a bad address is an error", testBadAddress, NULL) < 0)
        ret = -1;
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
