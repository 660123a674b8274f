/*
 * qemu_agent.h: a small synchronous client of the QEMU guest agent
 *
 * The agent speaks QMP-like JSON lines over the guest-agent channel's
 * UNIX socket (<channel type='unix'> named org.qemu.guest_agent.0).  An
 * agent may have half-read an earlier command or not run at all, so
 * each session starts with guest-sync-delimited: the agent answers with
 * a 0xFF byte (which flushes whatever it was parsing) and the random id
 * we sent; anything before the matching reply is discarded.  Every wait
 * is bounded: no guest can keep the caller forever.
 */
#pragma once

#include <glib.h>

/* The name of the guest agent's virtio-serial port. */
#define QEMU_AGENT_CHANNEL_NAME "org.qemu.guest_agent.0"

/* Sends the command @cmd (a JSON object, "{"execute": ...}") to the
 * agent on the connected socket @fd, after a sync, each exchange within
 * @timeoutMs.  Returns the reply (the agent's JSON object, compact;
 * caller frees) or NULL with an error: no reply in time ("the guest
 * agent is not responding"), a malformed reply, @cmd not a JSON object.
 * An error reply of the agent is returned as it is, for the caller to
 * show. */
char *qemuAgentCommandFd(int fd, const char *cmd, int timeoutMs);

/* The same over the UNIX socket @path. */
char *qemuAgentCommand(const char *path, const char *cmd, int timeoutMs);
