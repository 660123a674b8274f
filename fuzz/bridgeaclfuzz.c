/*
 * bridgeaclfuzz.c: libFuzzer target for libvirt-networkd-import-acl's
 * reader and polkit rules generator
 *
 * The input is the content of a qemu-bridge-helper ACL file (any bytes).
 * Any input may be refused; an accepted one must:
 *  - hold rules whose bridge is "all" or a valid interface name, on lines
 *    that exist in the input;
 *  - answer, for a few callers and bridges, exactly as the independent
 *    model of the helper (tests/virbridgeaclmodel.c) reading the same
 *    bytes, when it includes nothing that exists on disk;
 *  - give polkit rules (unless it was found inexpressible) in which the
 *    input appears only inside well-formed JSON string literals.
 * Anything else aborts so libFuzzer keeps the input.
 */
#include "fuzz.h"
#include "../tests/virbridgeaclmodel.h"
#include "virbridgeacl.h"
#include "virerror.h"
#include "virnetdevname.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_ACL_PATH "/nonexistent-fuzz-dir/bridge.conf"

/* Aborts with @what. */
static void G_GNUC_NORETURN
fuzzDie(const char *what, const char *detail)
{
    fprintf(stderr, "bridgeaclfuzz: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    abort();
}

typedef struct {
    const char *data;
    size_t len;
    unsigned int reads;
} fuzzInput;

/**
 * fuzzModelRead:
 * The model's view of the files: the input as the top file, read once
 * (the importer takes a later include of the same path, which is not on
 * disk, as missing); nothing else can be opened.
 */
static bool
fuzzModelRead(void *opaque, const char *path, char **data, size_t *len)
{
    fuzzInput *in = opaque;

    if (strcmp(path, FUZZ_ACL_PATH) != 0 || in->reads++ > 0)
        return false;
    *data = g_memdup2(in->len ? in->data : "", in->len ? in->len : 1);
    *len = in->len;
    return true;
}

/**
 * fuzzReference:
 * Rules generated from fixed input with two files, for the checker.
 * Returns a static string.
 */
static const char *
fuzzReference(void)
{
    static char *reference;
    static const char text[] = "allow all\ndeny br0\nallow br1\ndeny all\n";

    if (!reference) {
        g_autoptr(virBridgeACL) acl = virBridgeACLParse("/reference", text, strlen(text),
                                                        0, 0, 0644);
        virBridgeACLFile *second = g_new0(virBridgeACLFile, 1);

        if (!acl)
            fuzzDie("the reference ACL is refused", virGetLastErrorMessage());
        second->path = g_strdup("/reference2");
        g_ptr_array_add(acl->files, second);
        if (!(reference = virBridgeACLFormatPolkit(acl)))
            fuzzDie("no reference rules", virGetLastErrorMessage());
    }
    return reference;
}

/**
 * fuzzCheckModel:
 * The importer's answers against the model's for a few callers.
 */
static void
fuzzCheckModel(const virBridgeACL *acl, const uint8_t *data, size_t size)
{
    static const gid_t member[] = { 0, 100 };
    static const gid_t stranger[] = { 100 };
    const char *bridges[8] = { "br0", "br1", "all", "virbr0" };
    size_t nbridges = 4;
    size_t i;
    size_t b;

    for (i = 0; i < acl->rules->len && nbridges < G_N_ELEMENTS(bridges); i++) {
        const virBridgeACLRule *rule = g_ptr_array_index(acl->rules, i);

        if (rule->bridge)
            bridges[nbridges++] = rule->bridge;
    }
    for (b = 0; b < nbridges; b++) {
        /* the file is root's, mode 0644: members of group 0 and strangers
         * read it alike, so the model needs no permission check */
        bool got = virBridgeACLCheck(acl, 1000, member, 2, bridges[b]);
        bool other = virBridgeACLCheck(acl, 1001, stranger, 1, bridges[b]);
        fuzzInput in = { (const char *)data, size, 0 };
        bool want = virBridgeACLModelDecide(fuzzModelRead, &in, FUZZ_ACL_PATH, bridges[b]);

        if (got != want || other != want)
            fuzzDie(want ? "the importer denies what the helper allows"
                         : "the importer allows what the helper denies", bridges[b]);
    }
}

/**
 * LLVMFuzzerTestOneInput:
 * @data, @size: one ACL file, not NUL-terminated, may hold NUL bytes.
 *
 * Returns 0 (libFuzzer's only accepted value).
 */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(virBridgeACL) acl = NULL;
    g_autofree char *rules = NULL;
    g_autofree char *why = NULL;
    unsigned int lines = 1;
    size_t i;

    if (!(acl = virBridgeACLParse(FUZZ_ACL_PATH, (const char *)data, size, 0, 0, 0644))) {
        virResetLastError();
        return 0;
    }
    for (i = 0; i < size; i++) {
        if (data[i] == '\n')
            lines++;
    }
    for (i = 0; i < acl->rules->len; i++) {
        const virBridgeACLRule *rule = g_ptr_array_index(acl->rules, i);

        if (rule->bridge && !virNetDevNameIsValid(rule->bridge))
            fuzzDie("a rule for an invalid bridge name", rule->bridge);
        if (rule->line == 0 || rule->line > lines)
            fuzzDie("a rule on a line the input does not have", NULL);
    }
    if (acl->files->len == 1)
        fuzzCheckModel(acl, data, size);

    if (!(rules = virBridgeACLFormatPolkit(acl))) {
        if (acl->problems->len == 0)
            fuzzDie("no rules for an expressible ACL", virGetLastErrorMessage());
        virResetLastError();
        return 0;
    }
    if ((why = virBridgeACLModelCheckRules(rules, fuzzReference())))
        fuzzDie("input outside the rules' string literals", why);
    return 0;
}
