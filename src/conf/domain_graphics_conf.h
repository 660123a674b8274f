/*
 * domain_graphics_conf.h: the remote display of a domain: <graphics
 * type='vnc|spice'> and the SPICE USB redirection channels (<redirdev
 * bus='usb' type='spicevmc'>).  Parsed and formatted by
 * domain_graphics_conf.c; included by domain_conf.h.
 */
#pragma once

#include <stdbool.h>

#include "virenum.h"

typedef enum {
    VIR_DOMAIN_GRAPHICS_TYPE_VNC,
    VIR_DOMAIN_GRAPHICS_TYPE_SPICE,

    VIR_DOMAIN_GRAPHICS_TYPE_LAST
} virDomainGraphicsType;
VIR_ENUM_DECL(virDomainGraphicsType);

/* What the display listens on: <listen type=>, or the listen= attribute. */
typedef enum {
    VIR_DOMAIN_GRAPHICS_LISTEN_DEFAULT,  /* no <listen>, no listen=: as ADDRESS */
    VIR_DOMAIN_GRAPHICS_LISTEN_ADDRESS,  /* TCP on @address, or the driver's default */
    VIR_DOMAIN_GRAPHICS_LISTEN_SOCKET,   /* a UNIX socket */
    VIR_DOMAIN_GRAPHICS_LISTEN_NONE,     /* no listener (QMP add_client only) */

    VIR_DOMAIN_GRAPHICS_LISTEN_LAST
} virDomainGraphicsListenType;
VIR_ENUM_DECL(virDomainGraphicsListen);

/* The SPICE children with one enumerated attribute each, in upstream's
 * order of output. */
typedef enum {
    VIR_DOMAIN_GRAPHICS_SPICE_IMAGE,      /* <image compression=> */
    VIR_DOMAIN_GRAPHICS_SPICE_JPEG,       /* <jpeg compression=> */
    VIR_DOMAIN_GRAPHICS_SPICE_ZLIB,       /* <zlib compression=> */
    VIR_DOMAIN_GRAPHICS_SPICE_PLAYBACK,   /* <playback compression=> */
    VIR_DOMAIN_GRAPHICS_SPICE_STREAMING,  /* <streaming mode=> */
    VIR_DOMAIN_GRAPHICS_SPICE_CLIPBOARD,  /* <clipboard copypaste=> */
    VIR_DOMAIN_GRAPHICS_SPICE_MOUSE,      /* <mouse mode=> */
    VIR_DOMAIN_GRAPHICS_SPICE_FILETRANSFER, /* <filetransfer enable=> */

    VIR_DOMAIN_GRAPHICS_SPICE_LAST
} virDomainGraphicsSpiceOption;

/* <graphics type='vnc|spice'> in the form the model covers: ports,
 * autoport, one listen, and for SPICE the options above and <gl
 * enable='no'/>.  A password, TLS, a keymap, websockets, SASL, GL on and
 * the other types stay unmodelled (kept verbatim, refused at start). */
typedef struct _virDomainGraphicsDef virDomainGraphicsDef;
struct _virDomainGraphicsDef {
    virDomainGraphicsType type;
    int port;                 /* 0: none chosen yet (autoport) */
    bool autoport;
    virDomainGraphicsListenType listen;
    char *address;            /* ADDRESS: NULL = the driver's default */
    char *socket;             /* SOCKET: NULL = the driver's default */
    bool glOff;               /* spice: <gl enable='no'/> was written */
    /* spice: index into the option's value table + 1, 0 = absent */
    unsigned int spice[VIR_DOMAIN_GRAPHICS_SPICE_LAST];
};

/* <redirdev bus='usb' type='spicevmc'> with <alias> and a USB
 * <address>; any other form stays unmodelled. */
typedef struct _virDomainRedirdevDef virDomainRedirdevDef;
struct _virDomainRedirdevDef {
    char *alias;
    char *usbPort;            /* <address type='usb' bus='0' port=>, NULL if absent */
};

/* <video><model type=>. */
typedef enum {
    VIR_DOMAIN_VIDEO_MODEL_QXL,
    VIR_DOMAIN_VIDEO_MODEL_VIRTIO,
    VIR_DOMAIN_VIDEO_MODEL_VGA,
    VIR_DOMAIN_VIDEO_MODEL_BOCHS,
    VIR_DOMAIN_VIDEO_MODEL_CIRRUS,
    VIR_DOMAIN_VIDEO_MODEL_NONE,      /* no video device at all */

    VIR_DOMAIN_VIDEO_MODEL_LAST
} virDomainVideoModel;
VIR_ENUM_DECL(virDomainVideoModel);

/* <video><model type= ram= vram= vgamem= heads= primary=/> with <alias>
 * and a PCI <address>; sizes in KiB, 0 when absent.  <acceleration>,
 * <resolution>, <driver>, vram64 and blob stay unmodelled. */
typedef struct _virDomainVideoDef virDomainVideoDef;
struct _virDomainVideoDef {
    virDomainVideoModel model;
    unsigned int ram;
    unsigned int vram;
    unsigned int vgamem;
    unsigned int heads;
    bool primary;             /* primary='yes' was written */
    char *alias;
    virPCIDeviceAddress pci;
};

/* The attribute of SPICE option @opt and its allowed values (NULL
 * terminated), for the parser, the formatter and the command builder. */
const char *virDomainGraphicsSpiceOptionElement(virDomainGraphicsSpiceOption opt);
const char *virDomainGraphicsSpiceOptionAttr(virDomainGraphicsSpiceOption opt);
const char * const *virDomainGraphicsSpiceOptionValues(virDomainGraphicsSpiceOption opt);

/* The value of SPICE option @opt of @graphics, or NULL when absent. */
const char *virDomainGraphicsSpiceOptionGet(const virDomainGraphicsDef *graphics,
                                            virDomainGraphicsSpiceOption opt);
