/*
 * qemureplay.h: recorded QMP conversations and a fake QMP server playing them
 *
 * The .replies format (written by tests/qemucapsprobe, read here):
 *
 *   # comment lines start with '#' in the first column
 *   <<<
 *   { "QMP": { ... } }              a message QEMU sent (greeting, reply, event)
 *   >>>
 *   { "execute": "qmp_capabilities", "id": "qmp-1" }
 *                                   a message the client sent
 *   <<<
 *   { "return": {}, "id": "qmp-1" }
 *
 * A line that is exactly ">>>" or "<<<" starts a message; the message is
 * the JSON object on the lines up to the next such line (pretty-printed or
 * not; JSON lines never start with '#').  Nothing else is allowed.
 *
 * Playing: the server sends every "<<<" message in order; at each ">>>"
 * it reads one command from the client and requires the same "execute" and
 * "arguments" as recorded; the "id" may differ: the replies that follow
 * and carry the recorded command's id get the client's id instead.  After the last message it closes the connection.  Any
 * difference - another command, other arguments, a command too many or too
 * few - is a failure reported by virQEMUReplayFinish(), so a probe that
 * changes its conversation fails its replay test until re-recorded.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#include "qemu_capabilities.h"
#include "qemu_monitor.h"

typedef struct _virQEMUReplay virQEMUReplay;

/* Parse a .replies file or text.  NULL with an error reported. */
virQEMUReplay *virQEMUReplayLoad(const char *path);
virQEMUReplay *virQEMUReplayNewFromString(const char *text, const char *name);
void virQEMUReplayFree(virQEMUReplay *replay);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(virQEMUReplay, virQEMUReplayFree);

/* Start a fresh session: a server thread on one end of a socketpair.
 * Returns a monitor on the other end (not handshaken), or NULL. */
virQEMUMonitor *virQEMUReplayStart(virQEMUReplay *replay);

/* Wait for the current session's server to finish.  Returns 0 when the
 * client followed the recording exactly and to the end, else -1 with the
 * difference printed on stdout. */
int virQEMUReplayFinish(virQEMUReplay *replay);

/* Probe operations that play @replay (pass it as opaque).  stop() joins
 * the session and remembers its verdict for virQEMUReplayFinish(). */
extern const virQEMUCapsProbeOps virQEMUReplayProbeOps;

/* Append one message in the .replies format to @out (@sent: by the
 * client), pretty-printing @json. */
void virQEMUReplayAppendMessage(GString *out, bool sent, const char *json);

/* The recorded "return" of the first @command (borrowed), or NULL; e.g.
 * the QAPI schema from "query-qmp-schema". */
JsonNode *virQEMUReplayFindReply(virQEMUReplay *replay, const char *command);
