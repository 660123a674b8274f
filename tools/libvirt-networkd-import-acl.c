/*
 * libvirt-networkd-import-acl: turn a qemu-bridge-helper ACL into polkit rules
 *
 * Reads /etc/qemu/bridge.conf (or FILE) with everything it includes and
 * prints a polkit rules file for org.libvirt.networkd.port.create that
 * answers exactly as the helper would.  Refuses, with the reasons, when
 * the ACL cannot be expressed exactly, or holds a byte the helper could
 * read differently (see virbridgeacl.h for the trust boundary).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "virbridgeacl.h"
#include "virerror.h"
#include "virgettext.h"

#define VIR_FROM_THIS VIR_FROM_CONF

#define DEFAULT_ACL_FILE "/etc/qemu/bridge.conf"

int
main(int argc, char **argv)
{
    g_autoptr(GOptionContext) ctx = NULL;
    g_autoptr(GError) gerr = NULL;
    g_autoptr(virBridgeACL) acl = NULL;
    g_autofree char *rules = NULL;
    gboolean version = FALSE;
    const char *path = DEFAULT_ACL_FILE;
    size_t i;
    GOptionEntry entries[] = {
        { "version", 'V', 0, G_OPTION_ARG_NONE, &version,
          N_("Print the version and exit"), NULL },
        { NULL, 0, 0, 0, NULL, NULL, NULL },
    };

    virGettextInitialize();

    ctx = g_option_context_new(_("[FILE] - print polkit rules equivalent to a qemu-bridge-helper ACL"));
    g_option_context_set_translation_domain(ctx, GETTEXT_PACKAGE);
    g_option_context_set_description(ctx,
        _("FILE defaults to " DEFAULT_ACL_FILE ". The rules are printed on standard\n"
          "output; install them as /etc/polkit-1/rules.d/60-libvirt-networkd-bridge-acl.rules\n"
          "(mode 0644). Exit status: 0 rules printed, 1 the ACL is invalid or cannot be\n"
          "expressed exactly (reasons on standard error), 2 usage error."));
    g_option_context_add_main_entries(ctx, entries, GETTEXT_PACKAGE);
    if (!g_option_context_parse(ctx, &argc, &argv, &gerr)) {
        fprintf(stderr, "%s: %s\n", g_get_prgname(), gerr->message);
        return 2;
    }
    if (version) {
        printf("%s (%s) %s\n", g_get_prgname(), PACKAGE, PACKAGE_VERSION);
        return 0;
    }
    if (argc > 2) {
        fprintf(stderr, _("%1$s: expected at most one FILE\n"), g_get_prgname());
        return 2;
    }
    if (argc == 2)
        path = argv[1];

    if (!(acl = virBridgeACLLoad(path))) {
        virErrorPrint(g_get_prgname());
        return 1;
    }

    for (i = 0; i < acl->notes->len; i++)
        fprintf(stderr, _("%1$s: note: %2$s\n"), g_get_prgname(),
                (const char *)g_ptr_array_index(acl->notes, i));
    for (i = 0; i < acl->problems->len; i++)
        fprintf(stderr, _("%1$s: cannot express: %2$s\n"), g_get_prgname(),
                (const char *)g_ptr_array_index(acl->problems, i));

    if (!(rules = virBridgeACLFormatPolkit(acl))) {
        virErrorPrint(g_get_prgname());
        return 1;
    }
    /* A truncated rules file would not parse, and polkitd would quietly
     * fall back to the actions' defaults: report a failed write. */
    if (fputs(rules, stdout) == EOF || fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, _("%1$s: cannot write the rules: %2$s\n"), g_get_prgname(),
                g_strerror(errno));
        return 1;
    }
    return 0;
}
