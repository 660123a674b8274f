/*
 * viruuid.h: UUIDs
 */
#pragma once

#include <glib.h>
#include <stdbool.h>

#define VIR_UUID_BUFLEN 16
#define VIR_UUID_STRING_BUFLEN 37

/* Accepts the canonical 8-4-4-4-12 form and the 32-hex-digit form;
 * returns 0 or -1 (no error reported). */
int virUUIDParse(const char *str, unsigned char *uuid);
/* Canonical lower-case form into @buf of VIR_UUID_STRING_BUFLEN. */
const char *virUUIDFormat(const unsigned char *uuid, char *buf);
/* A random (version 4) UUID. */
void virUUIDGenerate(unsigned char *uuid);
bool virUUIDIsZero(const unsigned char *uuid);
