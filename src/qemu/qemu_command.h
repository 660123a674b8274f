/*
 * qemu_command.h: turn a domain definition into a QEMU command line
 *
 * One function per device kind; what the binary supports comes from its
 * probed capabilities, never from its version number.  -netdev and
 * -device are given as JSON when the binary accepts it, else in the
 * key=value form; -blockdev is always JSON.
 *
 * The builder touches no host state: file descriptors (networkd ports,
 * existing taps) are opened by the caller and passed in by number; when
 * they are not (virsh domxml-to-native), a placeholder such as
 * ${NET0_FD0} stands in their place.
 *
 * QEMU starts paused (-S): the caller sets link states (see
 * qemuCommand.linkDown) over QMP and then sends "cont".
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "domain_conf.h"
#include "qemu_capabilities.h"

/* The host side of one <interface>, supplied by the caller. */
typedef struct _qemuCommandNetHost qemuCommandNetHost;
struct _qemuCommandNetHost {
    const int *tapfds;        /* tap/macvtap fds, one per queue (networkd, ethernet) */
    size_t ntapfds;
    const int *vhostfds;      /* vhost-net fds, one per queue; none: no vhost */
    size_t nvhostfds;
    const char *passtSocket;  /* passt: the UNIX socket passt listens on */
};

typedef struct _qemuCommandParams qemuCommandParams;
struct _qemuCommandParams {
    const char *monitorPath;     /* QMP socket QEMU listens on */
    const char *bridgeHelper;    /* resolved qemu.conf bridge_helper, or NULL */
    int seccompSandbox;          /* qemu.conf seccomp_sandbox (-1, 0, 1) */
    /* One entry per def->nets[i], or NULL for placeholders. */
    const qemuCommandNetHost *nets;
    size_t nnets;
    /* 3 or more: QEMU gets the listening QMP socket as this fd instead
     * of creating monitorPath itself (system mode: it has no right to
     * write in the state directory); 0: monitorPath. */
    int monitorFd;
    /* bridge_helper is setuid or has file capabilities: QEMU must be
     * able to exec it with them (no -sandbox, no no_new_privs). */
    bool bridgeHelperPrivileged;
};

typedef struct _qemuCommand qemuCommand;
struct _qemuCommand {
    GPtrArray *args;       /* argv, args->pdata[0] is the emulator; NULL-terminated */
    GPtrArray *linkDown;   /* aliases of NICs to set down before "cont" */
};

/* The first TCP port of a display (VNC display :0), where an autoport
 * display's search starts. */
#define QEMU_GRAPHICS_PORT_MIN 5900

/* The UNIX socket of display def->graphics[@idx] when its <listen
 * type='socket'> names none: next to the QMP socket @monitorPath,
 * "DIR/STEM.TYPEidx.sock" (STEM: virDomainNameFileStem).  Caller frees. */
char *qemuBuildGraphicsSocketPath(const char *monitorPath, const virDomainDef *def,
                                  size_t idx);

/* The socket of a unix <channel> without <source path=>: next to the
 * QMP socket @monitorPath, "DIR/STEM.TARGET" for domain @name and
 * target name @target.  Caller frees. */
char *qemuBuildChannelDefaultPath(const char *monitorPath, const char *name,
                                  const char *target);

/* The device alias of serial or console @chr of @def, which its chardev
 * "char" + alias is named after: the serial's own alias or "serialN"
 * (N its port); for a console of target type serial, that of the serial
 * port it shares (or "serialN" when it is the only one); for a virtio
 * console its alias or "consoleI".  Caller frees. */
char *qemuBuildChrAlias(const virDomainDef *def, const virDomainChrDef *chr);

/* The elements @def keeps that have no effect on the guest and that
 * start accepts (<metadata>), ", "-separated, for define's "kept in the
 * definition but not acted on" note; NULL when there are none.  Every
 * other kept element makes start fail, naming it.  Caller frees. */
char *qemuBuildKeptAnnotations(const virDomainDef *def);

void qemuCommandFree(qemuCommand *cmd);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(qemuCommand, qemuCommandFree);

qemuCommand *qemuBuildCommandLine(const virDomainDef *def,
                                  const virQEMUCaps *caps,
                                  const qemuCommandParams *params);

typedef enum {
    QEMU_COMMAND_FORMAT_ONE_LINE,   /* "a b 'c d'", for domxml-to-native */
    QEMU_COMMAND_FORMAT_MULTI_LINE, /* one option per line, for golden files */
} qemuCommandFormatStyle;

char *qemuCommandFormat(const qemuCommand *cmd, qemuCommandFormatStyle style);
