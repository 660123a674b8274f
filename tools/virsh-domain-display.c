/*
 * virsh-domain-display.c: reaching a running guest: where its display is
 * (domdisplay, vncdisplay), its memory statistics (dommemstat) and its
 * guest agent (qemu-agent-command)
 *
 * Both read the live definition, where start wrote the port or socket
 * it chose, and print what upstream's virsh prints: a URI a viewer
 * takes (vnc://HOST:DISPLAY, spice://HOST:PORT, vnc+unix:///PATH,
 * spice+unix:///PATH), or HOST:DISPLAY.  A display listening on every
 * address (0.0.0.0, ::) is reached as "localhost", the host of this
 * driver's connection.
 */
#include "virsh.h"

#include "domain_conf.h"
#include "qemu_command.h"
#include "qemu_process_query.h"
#include "virerror.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_VIRSH

/**
 * virshDisplayHost:
 * The host part of a display URI for @graphics: its listen address,
 * bracketed when IPv6; "localhost" for a wildcard address; 127.0.0.1
 * when it has none (the driver's default).  Caller frees.
 */
static char *
virshDisplayHost(const virDomainGraphicsDef *graphics)
{
    g_autoptr(GInetAddress) inet = NULL;

    if (!graphics->address)
        return g_strdup("127.0.0.1");
    if (!(inet = g_inet_address_new_from_string(graphics->address)) ||
        g_inet_address_get_is_any(inet))
        return g_strdup("localhost");
    if (g_inet_address_get_family(inet) == G_SOCKET_FAMILY_IPV6)
        return g_strdup_printf("[%s]", graphics->address);
    return g_strdup(graphics->address);
}

/**
 * virshDisplayURI:
 * The URI of display @graphics, or NULL when it has no listener a
 * client can reach (listen type none, no port yet).  Caller frees.
 */
static char *
virshDisplayURI(const virDomainGraphicsDef *graphics)
{
    const char *scheme = virDomainGraphicsTypeTypeToString(graphics->type);
    g_autofree char *host = NULL;

    switch (graphics->listen) {
    case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        if (!graphics->socket)
            return NULL;
        return g_strdup_printf("%s+unix://%s", scheme, graphics->socket);
    case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
    case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
        if (graphics->port <= 0)
            return NULL;
        host = virshDisplayHost(graphics);
        switch (graphics->type) {
        case VIR_DOMAIN_GRAPHICS_TYPE_VNC:
            /* VNC URIs carry the display number, as upstream prints them */
            return g_strdup_printf("vnc://%s:%d", host, graphics->port - QEMU_GRAPHICS_PORT_MIN);
        case VIR_DOMAIN_GRAPHICS_TYPE_SPICE:
        case VIR_DOMAIN_GRAPHICS_TYPE_LAST:
            break;
        }
        return g_strdup_printf("%s://%s:%d", scheme, host, graphics->port);
    case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
    case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
        break;
    }
    return NULL;
}

/**
 * virshDisplayLiveDef:
 * The live definition of the running domain named by --domain, or NULL
 * with an error (no such domain, not running).  *@obj holds it.
 */
static const virDomainDef *
virshDisplayLiveDef(vshControl *ctl, const vshCmd *cmd, virQEMUDomainObj **obj)
{
    const char *name = NULL;

    if (!(*obj = virshCommandOptDomain(ctl, cmd, &name)))
        return NULL;
    if (!virQEMUDomainObjIsActive(*obj)) {
        vshError(ctl, _("Domain '%1$s' is not running"), name);
        return NULL;
    }
    return virQEMUDomainObjGetDef(*obj, false);
}

/* ---- domdisplay ---------------------------------------------------------- */

static const vshCmdOptDef opts_domdisplay[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "type", VSH_OT_STRING, 0, N_("select the display by type (vnc, spice)") },
    { "all", VSH_OT_BOOL, 0, N_("show every display, not only the first") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDomDisplay:
 * Prints the URI of the domain's first reachable display (of --type),
 * or of every one with --all.
 */
static bool
cmdDomDisplay(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    const virDomainDef *def;
    const char *type = vshCommandOptString(cmd, "type");
    bool all = vshCommandOptBool(cmd, "all");
    bool found = false;
    int wanted = -1;
    size_t i;

    if (type && (wanted = virDomainGraphicsTypeTypeFromString(type)) < 0) {
        vshError(ctl, _("invalid display type '%1$s': use vnc or spice"), type);
        return false;
    }
    if (!(def = virshDisplayLiveDef(ctl, cmd, &obj)))
        return false;
    for (i = 0; i < def->ngraphics; i++) {
        g_autofree char *uri = NULL;

        if (wanted >= 0 && (int)def->graphics[i]->type != wanted)
            continue;
        if (!(uri = virshDisplayURI(def->graphics[i])))
            continue;
        vshPrint(ctl, "%s\n", uri);
        found = true;
        if (!all)
            break;
    }
    if (!found) {
        vshError(ctl, "%s", _("No graphical display found"));
        return false;
    }
    return true;
}

/* ---- vncdisplay ---------------------------------------------------------- */

static const vshCmdOptDef opts_vncdisplay[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdVNCDisplay:
 * Prints HOST:DISPLAY of the domain's VNC display (":DISPLAY" when it
 * listens on every address), as upstream.
 */
static bool
cmdVNCDisplay(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    const virDomainDef *def;
    size_t i;

    if (!(def = virshDisplayLiveDef(ctl, cmd, &obj)))
        return false;
    for (i = 0; i < def->ngraphics; i++) {
        const virDomainGraphicsDef *graphics = def->graphics[i];
        g_autofree char *host = NULL;

        if (graphics->type != VIR_DOMAIN_GRAPHICS_TYPE_VNC ||
            graphics->listen == VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET ||
            graphics->listen == VIR_DOMAIN_GRAPHICS_LISTEN_NONE ||
            graphics->port <= 0)
            continue;
        host = virshDisplayHost(graphics);
        vshPrint(ctl, "%s:%d\n", strcmp(host, "localhost") == 0 ? "" : host,
                 graphics->port - QEMU_GRAPHICS_PORT_MIN);
        return true;
    }
    vshError(ctl, "%s", _("No VNC display listening on TCP"));
    return false;
}

/* ---- dommemstat ---------------------------------------------------------- */

static const vshCmdOptDef opts_dommemstat[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "period", VSH_OT_INT, 0,
      N_("first set the balloon's statistics polling period (seconds)") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdDomMemStat:
 * Prints "TAG VALUE" lines: the guest's balloon statistics when it
 * reports them, the balloon size (actual) and QEMU's RSS, as upstream.
 */
static bool
cmdDomMemStat(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree qemuDomainMemoryStat *stats = NULL;
    int period = 0;
    int n;
    int i;

    if (vshCommandOptInt(ctl, cmd, "period", &period) < 0)
        return false;
    if (period < 0) {
        vshError(ctl, "%s", _("the period must be 0 or more seconds"));
        return false;
    }
    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if ((n = qemuProcessMemoryStats(virshGetDriver(ctl), obj, period, &stats)) < 0) {
        vshError(ctl, "%s", _("Failed to get memory statistics for domain"));
        return false;
    }
    for (i = 0; i < n; i++)
        vshPrint(ctl, "%s %llu\n", stats[i].tag, stats[i].value);
    return true;
}

/* ---- qemu-agent-command -------------------------------------------------- */

/* The default wait for the agent, as upstream's (seconds). */
#define VIRSH_AGENT_TIMEOUT_DEFAULT 5

static const vshCmdOptDef opts_qemu_agent_command[] = {
    { "domain", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("domain name, id or uuid") },
    { "cmd", VSH_OT_STRING, VSH_OFLAG_REQUIRED | VSH_OFLAG_POSITIONAL,
      N_("the command, a JSON object such as '{\"execute\":\"guest-info\"}'") },
    { "timeout", VSH_OT_INT, 0,
      N_("seconds to wait for the reply (default 5)") },
    { "pretty", VSH_OT_BOOL, 0, N_("indent the reply") },
    { NULL, 0, 0, NULL },
};

/**
 * cmdQemuAgentCommand:
 * Sends a command to the guest agent and prints its reply.
 */
static bool
cmdQemuAgentCommand(vshControl *ctl, const vshCmd *cmd)
{
    g_autoptr(virQEMUDomainObj) obj = NULL;
    g_autofree char *reply = NULL;
    const char *command = vshCommandOptString(cmd, "cmd");
    int timeout = VIRSH_AGENT_TIMEOUT_DEFAULT;

    if (vshCommandOptInt(ctl, cmd, "timeout", &timeout) < 0)
        return false;
    if (timeout < 1 || timeout > 3600) {
        vshError(ctl, "%s", _("the timeout must be 1 to 3600 seconds"));
        return false;
    }
    if (!(obj = virshCommandOptDomain(ctl, cmd, NULL)))
        return false;
    if (!(reply = qemuProcessAgentCommand(virshGetDriver(ctl), obj, command, timeout * 1000))) {
        vshError(ctl, "%s", _("Failed to run the guest agent command"));
        return false;
    }
    if (vshCommandOptBool(cmd, "pretty")) {
        g_autoptr(JsonNode) node = json_from_string(reply, NULL);
        g_autofree char *pretty = node ? json_to_string(node, TRUE) : NULL;

        if (pretty) {
            vshPrint(ctl, "%s\n", pretty);
            return true;
        }
    }
    vshPrint(ctl, "%s\n", reply);
    return true;
}

const vshCmdDef domDisplayCmds[] = {
    { .name = "domdisplay",
      .handler = cmdDomDisplay,
      .opts = opts_domdisplay,
      .help = N_("show the URI of a running domain's display"),
      .desc = N_("Prints the URI a VNC or SPICE viewer connects to: vnc://HOST:DISPLAY, "
                 "spice://HOST:PORT, or vnc+unix:// and spice+unix:// with the socket.") },
    { .name = "dommemstat",
      .handler = cmdDomMemStat,
      .opts = opts_dommemstat,
      .help = N_("show the memory statistics of a running domain"),
      .desc = N_("Prints the balloon's guest statistics (when the guest reports them), "
                 "the balloon size (actual) and QEMU's resident memory (rss), in KiB.") },
    { .name = "qemu-agent-command",
      .handler = cmdQemuAgentCommand,
      .opts = opts_qemu_agent_command,
      .help = N_("send a command to a running domain's guest agent"),
      .desc = N_("Sends the JSON command to the QEMU guest agent through the domain's "
                 "org.qemu.guest_agent.0 channel and prints its reply.") },
    { .name = "vncdisplay",
      .handler = cmdVNCDisplay,
      .opts = opts_vncdisplay,
      .help = N_("show the VNC display of a running domain"),
      .desc = N_("Prints HOST:DISPLAY of the domain's VNC display (the port is 5900 + DISPLAY).") },
    { .name = NULL },
};
