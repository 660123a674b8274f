/*
 * qemu_command_graphics.c: -vnc and -spice for <graphics>, -device for
 * <video>, and the SPICE channels: -chardev spicevmc for <channel
 * type='spicevmc'> (the SPICE agent) and <redirdev bus='usb'
 * type='spicevmc'> (usb-redir).
 *
 * Ports come from the definition: the driver picks the autoport ones
 * before it builds (qemu_process_graphics.c) and writes them into the
 * live definition; without them (domxml-to-native) an autoport display
 * gets the first port of the range, 5900, as upstream prints it.  A
 * display listens on 127.0.0.1 unless the XML says otherwise (upstream's
 * vnc_listen and spice_listen defaults).  No password goes on the
 * command line: a <graphics passwd=> is not modelled and start refuses
 * it.
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#include <gio/gio.h>
#include <string.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* The QEMU option of each SPICE XML option, indexed by
 * virDomainGraphicsSpiceOption; NULL where the value needs a mapping
 * (qemuBuildSpiceOption). */
static const char * const qemuBuildSpiceOptionNames[] = {
    [VIR_DOMAIN_GRAPHICS_SPICE_IMAGE] = "image-compression",
    [VIR_DOMAIN_GRAPHICS_SPICE_JPEG] = "jpeg-wan-compression",
    [VIR_DOMAIN_GRAPHICS_SPICE_ZLIB] = "zlib-glz-wan-compression",
    [VIR_DOMAIN_GRAPHICS_SPICE_PLAYBACK] = "playback-compression",
    [VIR_DOMAIN_GRAPHICS_SPICE_STREAMING] = "streaming-video",
    [VIR_DOMAIN_GRAPHICS_SPICE_CLIPBOARD] = NULL,
    [VIR_DOMAIN_GRAPHICS_SPICE_MOUSE] = NULL,
    [VIR_DOMAIN_GRAPHICS_SPICE_FILETRANSFER] = NULL,
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildSpiceOptionNames) == VIR_DOMAIN_GRAPHICS_SPICE_LAST);

/* The server of each display type: the capability and the QMP command
 * that shows it is built in, indexed by virDomainGraphicsType. */
static const struct {
    virQEMUCapsFlag cap;
    const char *query;
} qemuBuildGraphicsServers[] = {
    [VIR_DOMAIN_GRAPHICS_TYPE_VNC] = { QEMU_CAPS_VNC, "query-vnc" },
    [VIR_DOMAIN_GRAPHICS_TYPE_SPICE] = { QEMU_CAPS_SPICE, "query-spice" },
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildGraphicsServers) == VIR_DOMAIN_GRAPHICS_TYPE_LAST);

/**
 * qemuBuildGraphicsSocketPath:
 * See qemu_command.h.
 */
char *
qemuBuildGraphicsSocketPath(const char *monitorPath, const virDomainDef *def, size_t idx)
{
    g_autofree char *dir = g_path_get_dirname(monitorPath);
    g_autofree char *stem = virDomainNameFileStem(def->name);

    return g_strdup_printf("%s/%s.%s%zu.sock", dir, stem,
                           virDomainGraphicsTypeTypeToString(def->graphics[idx]->type), idx);
}

/**
 * qemuBuildGraphicsSocket:
 * The UNIX socket display @idx listens on: its socket=, else next to the
 * monitor socket (session mode), or a ${GRAPHICSi_SOCKET} placeholder
 * without a monitor path (domxml-to-native).  Caller frees; NULL with an
 * error in system mode without socket=.
 */
static char *
qemuBuildGraphicsSocket(qemuBuildContext *ctx, size_t idx)
{
    const virDomainGraphicsDef *graphics = ctx->def->graphics[idx];

    if (graphics->socket)
        return g_strdup(graphics->socket);
    if (ctx->params->monitorFd >= 3) {
        /* as for channels: QEMU, as qemu.conf's user, may not create a
         * socket in the driver's runtime directory */
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<graphics type='%1$s'><listen type='socket'> needs a socket= path in qemu:///system: QEMU may not create its socket in the driver's runtime directory"),
                       virDomainGraphicsTypeTypeToString(graphics->type));
        return NULL;
    }
    if (!ctx->params->monitorPath)
        return g_strdup_printf("${GRAPHICS%zu_SOCKET}", idx);
    return qemuBuildGraphicsSocketPath(ctx->params->monitorPath, ctx->def, idx);
}

/**
 * qemuBuildGraphicsAddress:
 * The listen address of TCP display @graphics ("127.0.0.1" by default),
 * which must be a numeric IPv4 or IPv6 address.  Borrowed; NULL with an
 * error.
 */
static const char *
qemuBuildGraphicsAddress(const virDomainGraphicsDef *graphics, bool *ipv6)
{
    g_autoptr(GInetAddress) inet = NULL;

    if (!graphics->address) {
        *ipv6 = false;
        return "127.0.0.1";
    }
    if (!(inet = g_inet_address_new_from_string(graphics->address))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<graphics type='%1$s'> listen address '%2$s' is not an IPv4 or IPv6 address"),
                       virDomainGraphicsTypeTypeToString(graphics->type), graphics->address);
        return NULL;
    }
    *ipv6 = g_inet_address_get_family(inet) == G_SOCKET_FAMILY_IPV6;
    return graphics->address;
}

/**
 * qemuBuildGraphicsPort:
 * The TCP port of @graphics: the one in the definition, else 5900 (an
 * autoport display the driver did not pick a port for).
 */
static int
qemuBuildGraphicsPort(const virDomainGraphicsDef *graphics)
{
    return graphics->port > 0 ? graphics->port : QEMU_GRAPHICS_PORT_MIN;
}

/**
 * qemuBuildVNCArgs:
 * -vnc ADDRESS:DISPLAY, unix:PATH or none for display @idx.
 * Returns 0 or -1 with an error.
 */
static int
qemuBuildVNCArgs(qemuBuildContext *ctx, size_t idx)
{
    const virDomainGraphicsDef *graphics = ctx->def->graphics[idx];
    g_autoptr(GString) opt = g_string_new(NULL);
    g_autofree char *path = NULL;
    const char *address;
    bool ipv6;
    int port;

    switch (graphics->listen) {
    case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
    case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
    case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
        port = qemuBuildGraphicsPort(graphics);
        if (port < QEMU_GRAPHICS_PORT_MIN) {
            /* QEMU takes a display number, port 5900 + N */
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<graphics type='vnc' port='%1$d'>: QEMU's VNC ports start at %2$d"),
                           port, QEMU_GRAPHICS_PORT_MIN);
            return -1;
        }
        if (!(address = qemuBuildGraphicsAddress(graphics, &ipv6)))
            return -1;
        g_string_append_printf(opt, ipv6 ? "[%s]:%d" : "%s:%d", address,
                               port - QEMU_GRAPHICS_PORT_MIN);
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        if (!(path = qemuBuildGraphicsSocket(ctx, idx)))
            return -1;
        g_string_append(opt, "unix:");
        qemuCommandEscapeComma(opt, path);
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        g_string_append(opt, "none");
        break;
    }
    qemuCommandAddArgPair(ctx, "-vnc", opt->str);
    return 0;
}

/**
 * qemuBuildSpiceOption:
 * Appends ",NAME=VALUE" for SPICE option @opt of @graphics when given.
 */
static void
qemuBuildSpiceOption(GString *opt, const virDomainGraphicsDef *graphics,
                     virDomainGraphicsSpiceOption which)
{
    const char *value = virDomainGraphicsSpiceOptionGet(graphics, which);

    if (!value)
        return;
    switch (which) {
    case VIR_DOMAIN_GRAPHICS_SPICE_IMAGE:
    case VIR_DOMAIN_GRAPHICS_SPICE_JPEG:
    case VIR_DOMAIN_GRAPHICS_SPICE_ZLIB:
    case VIR_DOMAIN_GRAPHICS_SPICE_PLAYBACK:
    case VIR_DOMAIN_GRAPHICS_SPICE_STREAMING:
        /* the XML and QEMU spell these values alike */
        g_string_append_printf(opt, ",%s=%s", qemuBuildSpiceOptionNames[which], value);
        break;
    case VIR_DOMAIN_GRAPHICS_SPICE_CLIPBOARD:
        if (strcmp(value, "no") == 0)
            g_string_append(opt, ",disable-copy-paste=on");
        break;
    case VIR_DOMAIN_GRAPHICS_SPICE_MOUSE:
        g_string_append_printf(opt, ",agent-mouse=%s",
                               strcmp(value, "client") == 0 ? "on" : "off");
        break;
    case VIR_DOMAIN_GRAPHICS_SPICE_FILETRANSFER:
        if (strcmp(value, "no") == 0)
            g_string_append(opt, ",disable-agent-file-xfer=on");
        break;
    case VIR_DOMAIN_GRAPHICS_SPICE_LAST:
        break;
    }
}

/**
 * qemuBuildSpiceArgs:
 * -spice for display @idx: port= and addr=, or unix=on with the socket
 * in addr=, and the options.  Without a password, ticketing is off (as
 * upstream; the listen address is the protection).  Returns 0 or -1
 * with an error.
 */
static int
qemuBuildSpiceArgs(qemuBuildContext *ctx, size_t idx)
{
    const virDomainGraphicsDef *graphics = ctx->def->graphics[idx];
    g_autoptr(GString) opt = g_string_new(NULL);
    g_autofree char *path = NULL;
    const char *address;
    bool ipv6;
    size_t i;

    switch (graphics->listen) {
    case VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT:
    case VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS:
    case VIR_DOMAIN_GRAPHICS_LISTEN_LAST:
        if (!(address = qemuBuildGraphicsAddress(graphics, &ipv6)))
            return -1;
        g_string_append_printf(opt, "port=%d,addr=%s", qemuBuildGraphicsPort(graphics), address);
        if (ipv6)
            g_string_append(opt, ",ipv6=on");
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET:
        if (!(path = qemuBuildGraphicsSocket(ctx, idx)))
            return -1;
        g_string_append(opt, "unix=on,addr=");
        qemuCommandEscapeComma(opt, path);
        break;
    case VIR_DOMAIN_GRAPHICS_LISTEN_NONE:
        /* no listener: clients come through QMP add_client only */
        g_string_append(opt, "port=0");
        break;
    }
    g_string_append(opt, ",disable-ticketing=on");
    for (i = 0; i < VIR_DOMAIN_GRAPHICS_SPICE_LAST; i++)
        qemuBuildSpiceOption(opt, graphics, i);
    g_string_append(opt, ",seamless-migration=on");
    qemuCommandAddArgPair(ctx, "-spice", opt->str);
    return 0;
}

/* The QEMU devices of each video model, indexed by virDomainVideoModel:
 * as the primary (VGA compatible) adapter and as a secondary one (NULL:
 * cannot be), with the capability that says the binary has them. */
static const struct {
    const char *primary;
    virQEMUCapsFlag primaryCap;
    const char *secondary;
} qemuBuildVideoDevices[] = {
    [VIR_DOMAIN_VIDEO_MODEL_QXL] = { "qxl-vga", QEMU_CAPS_DEVICE_QXL, "qxl" },
    [VIR_DOMAIN_VIDEO_MODEL_VIRTIO] = { "virtio-vga", QEMU_CAPS_DEVICE_VIRTIO_VGA, "virtio-gpu-pci" },
    [VIR_DOMAIN_VIDEO_MODEL_VGA] = { "VGA", QEMU_CAPS_DEVICE_VGA, NULL },
    [VIR_DOMAIN_VIDEO_MODEL_BOCHS] = { "bochs-display", QEMU_CAPS_DEVICE_BOCHS_DISPLAY, NULL },
    [VIR_DOMAIN_VIDEO_MODEL_CIRRUS] = { "cirrus-vga", QEMU_CAPS_DEVICE_CIRRUS_VGA, NULL },
    [VIR_DOMAIN_VIDEO_MODEL_NONE] = { NULL, 0, NULL },
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildVideoDevices) == VIR_DOMAIN_VIDEO_MODEL_LAST);

/**
 * qemuBuildVideoUnused:
 * Reports that <model @attr=> of @video has no QEMU property on its
 * model.  Returns -1.
 */
static int
qemuBuildVideoUnused(const virDomainVideoDef *video, const char *attr)
{
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<video><model type='%1$s' %2$s=>: QEMU's device of this model has no such setting"),
                   virDomainVideoModelTypeToString(video->model), attr);
    return -1;
}

/**
 * qemuBuildVideoSizes:
 * The size and head properties of @video on its model's device:
 * max_outputs (heads), ram_size and vram_size in bytes and vgamem_mb
 * for qxl; max_outputs for virtio; vgamem_mb for vga and cirrus; the
 * video memory (vram) as vgamem in bytes for bochs, as upstream.  A
 * size the model does not take is refused, naming it.  Returns 0 or -1
 * with an error.
 */
static int
qemuBuildVideoSizes(JsonObject *props, const virDomainVideoDef *video)
{
    bool heads = false, ram = false, vram = false, vgamem = false;

    switch (video->model) {
    case VIR_DOMAIN_VIDEO_MODEL_QXL:
        heads = ram = vram = vgamem = true;
        break;
    case VIR_DOMAIN_VIDEO_MODEL_VIRTIO:
        heads = true;
        break;
    case VIR_DOMAIN_VIDEO_MODEL_VGA:
    case VIR_DOMAIN_VIDEO_MODEL_CIRRUS:
        vgamem = true;
        break;
    case VIR_DOMAIN_VIDEO_MODEL_BOCHS:
        vram = true;
        break;
    case VIR_DOMAIN_VIDEO_MODEL_NONE:
    case VIR_DOMAIN_VIDEO_MODEL_LAST:
        break;
    }
    if ((video->heads && !heads) || (video->ram && !ram) ||
        (video->vram && !vram) || (video->vgamem && !vgamem))
        return qemuBuildVideoUnused(video, video->heads && !heads ? "heads" :
                                           video->ram && !ram ? "ram" :
                                           video->vram && !vram ? "vram" : "vgamem");
    /* ram_size is a 32-bit property of qxl */
    if (video->ram > G_MAXUINT32 / 1024) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<video><model ram='%1$u'>: QEMU takes at most %2$u KiB"),
                       video->ram, G_MAXUINT32 / 1024);
        return -1;
    }
    if (video->vgamem % 1024) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<video><model vgamem='%1$u'>: QEMU takes whole MiB (a multiple of 1024 KiB)"),
                       video->vgamem);
        return -1;
    }
    if (video->heads)
        json_object_set_int_member(props, "max_outputs", video->heads);
    if (video->ram)
        json_object_set_int_member(props, "ram_size", (gint64)video->ram * 1024);
    if (video->vram)
        json_object_set_int_member(props, video->model == VIR_DOMAIN_VIDEO_MODEL_BOCHS ?
                                   "vgamem" : "vram_size", (gint64)video->vram * 1024);
    if (video->vgamem)
        json_object_set_int_member(props, "vgamem_mb", video->vgamem / 1024);
    return 0;
}

/**
 * qemuBuildVideoDevice:
 * The QEMU device of video @idx: the primary (VGA compatible) one for the
 * first, a secondary one after it; for virtio without virtio-vga the
 * plain virtio-gpu-pci, as upstream.  NULL with an error when the model
 * has none or the binary lacks it.
 */
static const char *
qemuBuildVideoDevice(qemuBuildContext *ctx, const virDomainVideoDef *video, size_t idx)
{
    const char *type = virDomainVideoModelTypeToString(video->model);

    if (idx > 0) {
        if (!qemuBuildVideoDevices[video->model].secondary) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<video><model type='%1$s'> can only be the first (primary) video device; secondary ones are qxl or virtio"),
                           type);
            return NULL;
        }
        if (video->model == VIR_DOMAIN_VIDEO_MODEL_QXL &&
            !virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_QXL))
            goto missing;
        if (video->model == VIR_DOMAIN_VIDEO_MODEL_VIRTIO &&
            !virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_VIRTIO_GPU))
            goto missing;
        return qemuBuildVideoDevices[video->model].secondary;
    }
    if (virQEMUCapsGet(ctx->caps, qemuBuildVideoDevices[video->model].primaryCap))
        return qemuBuildVideoDevices[video->model].primary;
    if (video->model == VIR_DOMAIN_VIDEO_MODEL_VIRTIO &&
        virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_VIRTIO_GPU))
        return "virtio-gpu-pci";
 missing:
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<video><model type='%1$s'>: QEMU '%2$s' has no device for it"),
                   type, ctx->caps->binary);
    return NULL;
}

/**
 * qemuBuildVideoArgs:
 * -device for each <video>; the first is the primary adapter (upstream
 * puts the one with primary='yes' first), model none stands alone and
 * gives no device.  Returns 0 or -1 with an error.
 */
static int
qemuBuildVideoArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->nvideos; i++) {
        const virDomainVideoDef *video = ctx->def->videos[i];
        g_autofree char *alias = video->alias ? g_strdup(video->alias)
                                              : g_strdup_printf("video%zu", i);
        g_autoptr(JsonObject) props = NULL;
        const char *device;

        if (video->model == VIR_DOMAIN_VIDEO_MODEL_NONE) {
            if (ctx->def->nvideos > 1) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                               _("<video><model type='none'> cannot be combined with other video devices"));
                return -1;
            }
            continue;
        }
        if (i > 0 && video->primary) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<video><model primary='yes'> must be the first <video>"));
            return -1;
        }
        if (!(device = qemuBuildVideoDevice(ctx, video, i)))
            return -1;
        props = json_object_new();
        json_object_set_string_member(props, "driver", device);
        json_object_set_string_member(props, "id", alias);
        if (qemuBuildVideoSizes(props, video) < 0 ||
            qemuBuildPCIAddressProps(ctx, props, &video->pci, alias) < 0 ||
            qemuCommandAddProps(ctx, "-device", g_steal_pointer(&props), "driver", json) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuBuildGraphicsArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildGraphicsArgs(qemuBuildContext *ctx)
{
    bool seen[VIR_DOMAIN_GRAPHICS_TYPE_LAST] = { false };
    size_t i;

    for (i = 0; i < ctx->def->ngraphics; i++) {
        virDomainGraphicsType type = ctx->def->graphics[i]->type;
        int rc = -1;

        /* QEMU has one VNC server (as upstream's driver allows) and one
         * SPICE server */
        if (seen[type]) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("more than one <graphics type='%1$s'>: QEMU has only one such display server"),
                           virDomainGraphicsTypeTypeToString(type));
            return -1;
        }
        seen[type] = true;
        if (!virQEMUCapsGet(ctx->caps, qemuBuildGraphicsServers[type].cap)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<graphics type='%1$s'>: QEMU '%2$s' is built without it (its QMP schema has no %3$s)"),
                           virDomainGraphicsTypeTypeToString(type), ctx->caps->binary,
                           qemuBuildGraphicsServers[type].query);
            return -1;
        }
        switch (type) {
        case VIR_DOMAIN_GRAPHICS_TYPE_VNC:
            rc = qemuBuildVNCArgs(ctx, i);
            break;
        case VIR_DOMAIN_GRAPHICS_TYPE_SPICE:
            rc = qemuBuildSpiceArgs(ctx, i);
            break;
        case VIR_DOMAIN_GRAPHICS_TYPE_LAST:
            break;
        }
        if (rc < 0)
            return -1;
    }
    return qemuBuildVideoArgs(ctx);
}

/**
 * qemuBuildSpicevmcChardev:
 * See qemu_command_priv.h.
 */
int
qemuBuildSpicevmcChardev(qemuBuildContext *ctx, const char *what, const char *id,
                         const char *name)
{
    g_autofree char *chr = NULL;
    bool spice = false;
    size_t i;

    for (i = 0; i < ctx->def->ngraphics; i++)
        spice |= ctx->def->graphics[i]->type == VIR_DOMAIN_GRAPHICS_TYPE_SPICE;
    if (!spice) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("%1$s type='spicevmc' needs a <graphics type='spice'>"), what);
        return -1;
    }
    if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_CHARDEV_SPICEVMC)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("%1$s type='spicevmc': QEMU '%2$s' has no spicevmc character device"),
                       what, ctx->caps->binary);
        return -1;
    }
    chr = g_strdup_printf("spicevmc,id=%s,name=%s", id, name);
    qemuCommandAddArgPair(ctx, "-chardev", chr);
    return 0;
}

/**
 * qemuBuildRedirdevArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildRedirdevArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    size_t i;

    for (i = 0; i < ctx->def->nredirdevs; i++) {
        const virDomainRedirdevDef *redir = ctx->def->redirdevs[i];
        g_autofree char *alias = redir->alias ? g_strdup(redir->alias)
                                              : g_strdup_printf("redir%zu", i);
        g_autofree char *id = g_strdup_printf("char%s", alias);
        g_autoptr(JsonObject) props = json_object_new();

        if (!ctx->haveUSB) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED, "%s",
                           _("<redirdev bus='usb'> needs a USB <controller>"));
            return -1;
        }
        if (!virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_USB_REDIR)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<redirdev bus='usb'>: QEMU '%1$s' has no usb-redir device"),
                           ctx->caps->binary);
            return -1;
        }
        if (qemuBuildSpicevmcChardev(ctx, "<redirdev>", id, "usbredir") < 0)
            return -1;
        json_object_set_string_member(props, "driver", "usb-redir");
        json_object_set_string_member(props, "chardev", id);
        json_object_set_string_member(props, "id", alias);
        if (redir->usbPort) {
            json_object_set_string_member(props, "bus", "usb.0");
            json_object_set_string_member(props, "port", redir->usbPort);
        }
        if (qemuCommandAddProps(ctx, "-device", g_steal_pointer(&props), "driver", json) < 0)
            return -1;
    }
    return 0;
}
