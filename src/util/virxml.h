/*
 * virxml.h: XML helpers over libxml2
 *
 * Theory of operation: every XML document this tree reads may come from an
 * untrusted author (virsh define, a D-Bus caller, the fuzzer).  The parser
 * therefore never touches the network (XML_PARSE_NONET), never loads a DTD
 * and never substitutes entities.  A document that carries a DOCTYPE (and
 * with it any internal subset or entity declaration) is rejected by a SAX
 * hook the moment the DOCTYPE is seen, before a single declaration is read,
 * so "billion laughs" and external-entity documents fail in microseconds.
 * Input must be UTF-8 without NUL bytes and below a caller-chosen size.
 *
 * Reading helpers return g_malloc'ed strings (g_free, not xmlFree) and
 * report errors that name the element, the attribute and the value.
 *
 * Writing goes through virXMLBuf, a small indenting buffer in the spirit of
 * libvirt's virBuffer: element formatters fill an attribute buffer and a
 * child buffer and virXMLFormatElement() emits <name attrs/> or
 * <name attrs>children</name>.
 */
#pragma once

#include <glib.h>
#include <stdbool.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc);

/* ---- reading ------------------------------------------------------------ */

/* Parse @xml (NUL-terminated, at most @maxSize bytes) into a document.
 * @filename names the source in errors (NULL: "(string)").  Returns the
 * document (free with xmlFreeDoc), or NULL with one error reported:
 * malformed XML with file, line and column; oversize; not UTF-8; DTD or
 * entity declarations. */
xmlDoc *virXMLParseString(const char *xml, const char *filename, size_t maxSize);

/* Read @path (at most @maxSize bytes) and parse it like virXMLParseString. */
xmlDoc *virXMLParseFile(const char *path, size_t maxSize);

/* Iterate element children: for (c = virXMLChildElement(n); c; c = virXMLNextElement(c)) */
xmlNode *virXMLChildElement(const xmlNode *node);
xmlNode *virXMLNextElement(const xmlNode *node);

/* True when @node is an element named @name. */
bool virXMLNodeNameEqual(const xmlNode *node, const char *name);

/* Number of ancestors up to the document root (the root element is 0). */
int virXMLNodeDepth(const xmlNode *node);

/* Value of attribute @name as a new string, or NULL when absent. */
char *virXMLPropString(const xmlNode *node, const char *name);

/* Like virXMLPropString, but reports an error naming element and
 * attribute when the attribute is absent.  Returns NULL on error. */
char *virXMLPropStringRequired(const xmlNode *node, const char *name);

/* Text content of @node as a new string ("" when empty), never NULL. */
char *virXMLNodeContentString(const xmlNode *node);

/* Flags for the typed property getters. */
typedef enum {
    VIR_XML_PROP_NONE = 0,
    VIR_XML_PROP_REQUIRED = 1 << 0,   /* absent is an error */
    VIR_XML_PROP_NONZERO = 1 << 1,    /* enum: value 0 (the "default") is not accepted */
} virXMLPropFlags;

/* Parse attribute @name through @fromString (a VIR_ENUM FromString).
 * Returns 1 when set (*@result filled), 0 when absent and optional
 * (*@result untouched), -1 with an error naming element, attribute and
 * value. */
int virXMLPropEnum(const xmlNode *node, const char *name,
                   int (*fromString)(const char *),
                   unsigned int flags, int *result);

/* Parse attribute @name as an unsigned integer in base @base (0: 10, or
 * 16 with a 0x prefix) within [@min, @max].  Returns 1 / 0 / -1 like
 * virXMLPropEnum. */
int virXMLPropUInt(const xmlNode *node, const char *name, int base,
                   unsigned int min, unsigned int max,
                   unsigned int flags, unsigned int *result);

/* Same for unsigned long long values. */
int virXMLPropULongLong(const xmlNode *node, const char *name,
                        unsigned long long min, unsigned long long max,
                        unsigned int flags, unsigned long long *result);

/* Fail with an error naming the element and the first attribute of
 * @node that is not in the NULL-terminated list @allowed. */
int virXMLCheckAttrs(const xmlNode *node, const char * const *allowed);

/* Report that attribute @name of @node has the unacceptable @value, with
 * an optional reason @why (translated). */
void virXMLReportInvalidValue(const xmlNode *node, const char *name,
                              const char *value, const char *why);

/* Report "unknown element <child> in <parent>" for @child; returns -1. */
int virXMLReportUnknownChild(const xmlNode *child);

/* Serialize @node (with its subtree, and the namespace declarations it
 * uses from its ancestors) as if it sat @level levels deep in a document
 * indented by two spaces per level.  Whitespace-only text is dropped from
 * elements that hold only elements, so the result does not depend on the
 * input's indentation; mixed content is kept byte for byte.  Returns a new
 * string (no leading indentation, no trailing newline). */
char *virXMLNodeToString(const xmlNode *node, int level);

/* ---- validation --------------------------------------------------------- */

/* The directory that holds the RelaxNG schemas.  Rule, first match wins:
 *  1. $VIR_TEST_SCHEMA_DIR when set (tests, relocated trees);
 *  2. SRCDIR/src/conf/schemas when the running program lives in the build
 *     tree (BUILDDIR), so uninstalled binaries use the sources' schemas;
 *  3. DATADIR/libvirt-networkd/schemas (the installed location).
 * Returns a new string. */
char *virXMLSchemaDir(void);

/* Full path of schema @name ("domain.rng") per virXMLSchemaDir(). */
char *virXMLSchemaPath(const char *name);

/* Validate @doc against the RelaxNG schema at @schemaPath.  Returns 0, or
 * -1 with one error naming the line and the element of the first
 * violation (VIR_ERR_XML_INVALID_SCHEMA), or why the schema could not be
 * loaded. */
int virXMLValidateAgainstSchema(const char *schemaPath, xmlDoc *doc);

/* ---- writing ------------------------------------------------------------ */

typedef struct _virXMLBuf virXMLBuf;
struct _virXMLBuf {
    GString *str;   /* NULL until the first write */
    int indent;     /* spaces put in front of each new line */
};

/* Free the content of @buf (not @buf itself); @buf is reusable after. */
void virXMLBufClear(virXMLBuf *buf);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC(virXMLBuf, virXMLBufClear);

/* Change the indentation of lines started from now on by @delta. */
void virXMLBufAdjustIndent(virXMLBuf *buf, int delta);

/* True when nothing was written. */
bool virXMLBufIsEmpty(const virXMLBuf *buf);

/* Make @child a buffer for the children of an element written to
 * @parent: its lines are indented one level (two spaces) deeper. */
void virXMLBufInitChild(virXMLBuf *child, const virXMLBuf *parent);

/* Append formatted text.  When the buffer is at the start of a line the
 * indentation goes first; newlines inside the text are copied as they are
 * (so text content is never altered). */
void virXMLBufAsprintf(virXMLBuf *buf, const char *fmt, ...) G_GNUC_PRINTF(2, 3);
void virXMLBufAddLit(virXMLBuf *buf, const char *text);

/* Append @fmt with its single %s replaced by @str escaped for XML (text
 * or attribute value).  Nothing is written when @str is NULL. */
void virXMLBufEscapeString(virXMLBuf *buf, const char *fmt, const char *str);

/* Like virXMLBufEscapeString, but newlines and tabs stay literal (for
 * element text content such as <description>). */
void virXMLBufEscapeText(virXMLBuf *buf, const char *fmt, const char *str);

/* Take the content (caller frees); @buf is left empty.  Never NULL. */
char *virXMLBufContentAndReset(virXMLBuf *buf);

/* Emit <@name@attrs/> or <@name@attrs>\n@children</@name>\n into @buf
 * (@children must come from virXMLBufInitChild(children, buf)); nothing
 * when both buffers are empty and @always is false.  Either buffer may be
 * NULL.  Both buffers are cleared. */
void virXMLFormatElement(virXMLBuf *buf, const char *name,
                         virXMLBuf *attrs, virXMLBuf *children, bool always);
