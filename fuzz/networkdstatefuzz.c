/*
 * networkdstatefuzz.c: libFuzzer target for libvirt-networkd's port records
 *
 * A port record is read back from the state directory at every start of
 * the daemon, and that directory outlives the daemon: whatever is in a
 * file there must be refused cleanly or read as a record that is within
 * every range the daemon relies on.  The input is the file's bytes,
 * exactly as virNetworkdStateLoad hands them to the parser.
 *
 * Properties checked (anything else aborts so libFuzzer keeps the input):
 *  - a refusal is a configuration syntax error;
 *  - an accepted record names a valid interface and bridge, a non-zero
 *    ifindex, a queue count and MTU in range, a unicast MAC, and an owner
 *    name that is valid UTF-8 within its length limit;
 *  - formatting an accepted record and parsing the text again gives the
 *    same text (a fixed point).
 */
#include "fuzz.h"
#include "networkd_state.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Aborts with @what. */
static void G_GNUC_NORETURN
fuzzDie(const char *what, const char *detail)
{
    fprintf(stderr, "networkdstatefuzz: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

/**
 * fuzzRecordCheck:
 * Aborts unless @rec is within every range the daemon relies on.
 */
static void
fuzzRecordCheck(const virNetworkdPortRecord *rec)
{
    if (!rec->ifname || !virNetDevNameIsValid(rec->ifname))
        fuzzDie("accepted a bad interface name", rec->ifname);
    if (rec->ifindex <= 0)
        fuzzDie("accepted an ifindex that is not positive", NULL);
    if (rec->plug >= VIR_NETWORKD_PLUG_LAST)
        fuzzDie("accepted an unknown plug type", NULL);
    if (rec->plug == VIR_NETWORKD_PLUG_BRIDGE &&
        (!rec->bridge || !virNetDevNameIsValid(rec->bridge)))
        fuzzDie("accepted a bad bridge name", rec->bridge);
    if (rec->mtu && (rec->mtu < VIR_NETWORKD_MTU_MIN || rec->mtu > VIR_NETWORKD_MTU_MAX))
        fuzzDie("accepted an MTU out of range", NULL);
    if (rec->queues < 1 || rec->queues > VIR_NETWORKD_QUEUES_MAX)
        fuzzDie("accepted a queue count out of range", NULL);
    if (virMacAddrIsZero(&rec->mac) || !virMacAddrIsUnicast(&rec->mac))
        fuzzDie("accepted a zero or multicast MAC", NULL);
    if (rec->ownerName &&
        (!*rec->ownerName || strlen(rec->ownerName) > VIR_NETWORKD_OWNER_NAME_MAX ||
         !g_utf8_validate(rec->ownerName, -1, NULL)))
        fuzzDie("accepted a bad owner-name", NULL);
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one file's contents, not NUL-terminated, may hold NULs.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(virNetworkdPortRecord) rec = NULL;
    g_autoptr(virNetworkdPortRecord) again = NULL;
    g_autofree char *text = NULL;
    g_autofree char *text2 = NULL;

    if (size > VIR_NETWORKD_PORT_FILE_MAX)
        return 0;

    virResetLastError();
    if (!(rec = virNetworkdPortRecordParse((const char *)data, size))) {
        if (virGetLastErrorCode() != VIR_ERR_CONF_SYNTAX)
            fuzzDie("refused with an unexpected error code", virGetLastErrorMessage());
        virResetLastError();
        return 0;
    }

    fuzzRecordCheck(rec);
    if (!(text = virNetworkdPortRecordFormat(rec)))
        fuzzDie("an accepted record cannot be formatted", virGetLastErrorMessage());
    if (!(again = virNetworkdPortRecordParse(text, strlen(text))))
        fuzzDie("the formatted record is refused", virGetLastErrorMessage());
    fuzzRecordCheck(again);
    if (!(text2 = virNetworkdPortRecordFormat(again)) || strcmp(text, text2) != 0)
        fuzzDie("parsing is not a fixed point", NULL);
    return 0;
}
