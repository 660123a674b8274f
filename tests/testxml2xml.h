/*
 * testxml2xml.h: the golden-file harness of the XML -> XML tests
 *
 * Shared by domainxml2xmltest and networkxml2xmltest.  A data directory
 * holds, per case NAME:
 *  NAME.xml + (NAME.out.xml or nothing): parse, format; the result must
 *      equal NAME.out.xml when it exists, else NAME.xml itself; the kept
 *      (not acted on) XML must survive (kind->collectKept); format must
 *      be a fixed point; input and output must validate against the
 *      kind's RelaxNG schema.
 *  NAME.xml + NAME.err: parsing must fail; NAME.err holds the error text
 *      and, on a second line, what the schema says about the input.  A
 *      schema that became stricter (recorded "accepts", now "rejects")
 *      passes with a note until regenerated; the other way round fails.
 *
 * GLib's random generator is seeded before each parse, so generated
 * uuids and MACs are reproducible.
 */
#pragma once

#include <glib.h>
#include <stddef.h>
#include <libxml/tree.h>

typedef struct _virTestXMLKind virTestXMLKind;
struct _virTestXMLKind {
    const char *dataDir;     /* absolute */
    const char *schemaPath;  /* absolute */
    size_t maxSize;          /* the parser's document size limit */
    /* Parse the file @path, or (when @path is NULL) the string @xml, with
     * the case data @opaque; returns a definition or NULL with an error. */
    void *(*parse)(const char *path, const char *xml, const void *opaque);
    /* Format @def; the caller frees the string.  NULL fails the case. */
    char *(*format)(const void *def, const void *opaque);
    void (*free)(void *def);
    /* Appends to @out the normalized text of every kept (not acted on)
     * piece under the root element @root; the harness checks the input's
     * and the output's are the same.  May be NULL. */
    void (*collectKept)(const xmlNode *root, GPtrArray *out);
};

/* Validates the file @path (or, when @path is NULL, @xml) against the
 * kind's schema.  Returns 0 when valid, 1 when rejected, -1 when not even
 * well-formed; *@why says why (caller frees). */
int virTestXMLSchemaCheck(const virTestXMLKind *kind, const char *path,
                          const char *xml, char **why);

/* The NAME.xml -> NAME[.out].xml case.  Returns 0 or -1. */
int virTestXMLRoundTrip(const virTestXMLKind *kind, const char *name,
                        const void *opaque);

/* The NAME.xml -> NAME.err case.  Returns 0 or -1. */
int virTestXMLError(const virTestXMLKind *kind, const char *name,
                    const void *opaque);

