/*
 * virxml.c: XML helpers over libxml2
 *
 * See virxml.h for the theory of operation (what the parser refuses and
 * why).
 */
#include "virxml.h"
#include "virerror.h"
#include "virfile.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <libxml/parserInternals.h>
#include <libxml/relaxng.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

#define VIR_FROM_THIS VIR_FROM_XML

/* Per-parse state reachable from the libxml2 callbacks via ctxt->_private. */
typedef struct _virXMLParseState virXMLParseState;
struct _virXMLParseState {
    bool sawDTD;          /* DOCTYPE or a declaration: parsing was stopped */
    int dtdLine;
    int dtdColumn;
    char *message;        /* first libxml2 error, without trailing newline */
    int line;
    int column;
};

/**
 * virXMLChomp:
 * @msg: a libxml2 message (may be NULL)
 *
 * Returns a new copy of @msg without trailing whitespace ("" for NULL).
 */
static char *
virXMLChomp(const char *msg)
{
    char *ret = g_strdup(msg ? msg : "");

    return g_strchomp(ret);
}

/**
 * virXMLParseCatchError:
 * libxml2 structured error callback: keeps the first error of the parse
 * (later ones are usually consequences of it) and prints nothing.
 */
static void
virXMLParseCatchError(void *userData, xmlErrorPtr err)
{
    xmlParserCtxtPtr ctxt = userData;
    virXMLParseState *state = ctxt ? ctxt->_private : NULL;

    if (!state || !err || err->level < XML_ERR_ERROR || state->message)
        return;
    state->message = virXMLChomp(err->message);
    state->line = err->line;
    state->column = err->int2;
}

/**
 * virXMLParseRejectDTD:
 * SAX internalSubset hook, called when "<!DOCTYPE name ..." has been read
 * and before any declaration of the internal subset (or the external one)
 * is looked at.  Stopping here is what makes entity bombs and external
 * references harmless: nothing they declare is ever parsed.
 */
static void
virXMLParseRejectDTD(void *ctx,
                     const xmlChar *name G_GNUC_UNUSED,
                     const xmlChar *externalID G_GNUC_UNUSED,
                     const xmlChar *systemID G_GNUC_UNUSED)
{
    xmlParserCtxtPtr ctxt = ctx;
    virXMLParseState *state = ctxt->_private;

    if (!state->sawDTD) {
        state->sawDTD = true;
        state->dtdLine = xmlSAX2GetLineNumber(ctxt);
        state->dtdColumn = xmlSAX2GetColumnNumber(ctxt);
    }
    xmlStopParser(ctxt);
}

/**
 * virXMLParseRejectEntityDecl:
 * SAX entityDecl hook.  Unreachable while the DOCTYPE hook stops the
 * parser first; kept so that a libxml2 change in callback order can never
 * let a declaration through.
 */
static void
virXMLParseRejectEntityDecl(void *ctx,
                            const xmlChar *name G_GNUC_UNUSED,
                            int type G_GNUC_UNUSED,
                            const xmlChar *publicId G_GNUC_UNUSED,
                            const xmlChar *systemId G_GNUC_UNUSED,
                            xmlChar *content G_GNUC_UNUSED)
{
    virXMLParseRejectDTD(ctx, NULL, NULL, NULL);
}

/**
 * virXMLReportBadByte:
 * Reports that @text has a problem at byte offset @offset, converting the
 * offset to a line and column for the message.
 */
static void
virXMLReportBadByte(const char *text, size_t offset, const char *filename,
                    const char *what)
{
    int line = 1;
    int column = 1;
    size_t i;

    for (i = 0; i < offset; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else {
            column++;
        }
    }
    virReportError(VIR_ERR_XML_DETAIL,
                   _("malformed XML in '%1$s' at line %2$d, column %3$d: %4$s"),
                   filename, line, column, what);
}

/**
 * virXMLParseBytes:
 * @xml: the document, @len bytes (NUL-terminated at @len)
 * @filename: name used in errors
 * @maxSize: size limit
 *
 * Common part of virXMLParseString and virXMLParseFile.  Returns a new
 * document or NULL with an error reported.
 */
static xmlDoc *
virXMLParseBytes(const char *xml, size_t len, const char *filename,
                 size_t maxSize)
{
    virXMLParseState state = { 0 };
    xmlParserCtxtPtr ctxt = NULL;
    xmlDocPtr doc = NULL;
    const char *end = NULL;
    int opts = XML_PARSE_NONET | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES |
               XML_PARSE_IGNORE_ENC;

    if (len > maxSize) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("document '%1$s' is larger than the limit of %2$zu bytes"),
                       filename, maxSize);
        return NULL;
    }
    if (strlen(xml) != len) {
        virXMLReportBadByte(xml, strlen(xml), filename,
                            _("the document contains a NUL byte"));
        return NULL;
    }
    if (!g_utf8_validate(xml, len, &end)) {
        virXMLReportBadByte(xml, end - xml, filename,
                            _("the document is not valid UTF-8"));
        return NULL;
    }
    if (len > INT_MAX) {
        virReportError(VIR_ERR_XML_ERROR, _("document '%1$s' is too large"),
                       filename);
        return NULL;
    }

    if (!(ctxt = xmlNewParserCtxt())) {
        virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                       _("cannot allocate an XML parser context"));
        return NULL;
    }
    ctxt->_private = &state;
    ctxt->sax->internalSubset = virXMLParseRejectDTD;
    ctxt->sax->externalSubset = virXMLParseRejectDTD;
    ctxt->sax->entityDecl = virXMLParseRejectEntityDecl;
    ctxt->sax->serror = virXMLParseCatchError;

    /* Never XML_PARSE_NOENT (substitute entities) or XML_PARSE_DTDLOAD:
     * see the theory of operation in virxml.h. */
    doc = xmlCtxtReadMemory(ctxt, xml, (int)len, filename, "UTF-8", opts);

    if (state.sawDTD) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("'%1$s' line %2$d, column %3$d: documents with a DOCTYPE, DTD or entity declarations are not accepted"),
                       filename, state.dtdLine, state.dtdColumn);
        goto error;
    }
    if (state.message || !doc || !ctxt->wellFormed) {
        if (!state.message)
            state.message = g_strdup(_("not well-formed"));
        virReportError(VIR_ERR_XML_DETAIL,
                       _("malformed XML in '%1$s' at line %2$d, column %3$d: %4$s"),
                       filename, state.line, state.column, state.message);
        goto error;
    }
    if (!xmlDocGetRootElement(doc)) {
        virReportError(VIR_ERR_XML_ERROR, _("document '%1$s' is empty"), filename);
        goto error;
    }

    g_free(state.message);
    xmlFreeParserCtxt(ctxt);
    return doc;

 error:
    g_free(state.message);
    if (doc)
        xmlFreeDoc(doc);
    xmlFreeParserCtxt(ctxt);
    return NULL;
}

/**
 * virXMLParseString:
 * See virxml.h.
 */
xmlDoc *
virXMLParseString(const char *xml, const char *filename, size_t maxSize)
{
    size_t len = strlen(xml);

    return virXMLParseBytes(xml, len, filename ? filename : "(string)", maxSize);
}

/**
 * virXMLParseFile:
 * See virxml.h.
 */
xmlDoc *
virXMLParseFile(const char *path, size_t maxSize)
{
    g_autofree char *data = NULL;
    ssize_t len;

    if ((len = virFileReadAll(path, maxSize, &data)) < 0)
        return NULL;
    return virXMLParseBytes(data, len, path, maxSize);
}

/**
 * virXMLChildElement:
 * Returns the first element child of @node, or NULL.
 */
xmlNode *
virXMLChildElement(const xmlNode *node)
{
    xmlNode *cur;

    for (cur = node->children; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return cur;
    }
    return NULL;
}

/**
 * virXMLNextElement:
 * Returns the next element sibling of @node, or NULL.
 */
xmlNode *
virXMLNextElement(const xmlNode *node)
{
    xmlNode *cur;

    for (cur = node->next; cur; cur = cur->next) {
        if (cur->type == XML_ELEMENT_NODE)
            return cur;
    }
    return NULL;
}

/**
 * virXMLNodeNameEqual:
 * True when @node is an element called @name (without namespace).
 */
bool
virXMLNodeNameEqual(const xmlNode *node, const char *name)
{
    return node && node->type == XML_ELEMENT_NODE && !node->ns &&
           strcmp((const char *)node->name, name) == 0;
}

/**
 * virXMLNodeDepth:
 * Returns how many element ancestors @node has.
 */
int
virXMLNodeDepth(const xmlNode *node)
{
    int depth = 0;

    for (node = node->parent; node && node->type == XML_ELEMENT_NODE;
         node = node->parent)
        depth++;
    return depth;
}

/**
 * virXMLPropString:
 * Returns a g_malloc'ed copy of attribute @name of @node (no namespace),
 * or NULL when it is absent.
 */
char *
virXMLPropString(const xmlNode *node, const char *name)
{
    xmlChar *val = xmlGetNoNsProp(node, (const xmlChar *)name);
    char *ret;

    if (!val)
        return NULL;
    ret = g_strdup((const char *)val);
    xmlFree(val);
    return ret;
}

/**
 * virXMLPropStringRequired:
 * Like virXMLPropString; absence is reported as an error.
 */
char *
virXMLPropStringRequired(const xmlNode *node, const char *name)
{
    char *ret = virXMLPropString(node, name);

    if (!ret)
        virReportError(VIR_ERR_XML_ERROR,
                       _("missing attribute '%1$s' of element <%2$s> (line %3$ld)"),
                       name, (const char *)node->name, xmlGetLineNo(node));
    return ret;
}

/**
 * virXMLNodeContentString:
 * Returns the text content of @node as a new string, "" when empty.
 */
char *
virXMLNodeContentString(const xmlNode *node)
{
    xmlChar *val = xmlNodeGetContent(node);
    char *ret = g_strdup(val ? (const char *)val : "");

    xmlFree(val);
    return ret;
}

/**
 * virXMLReportInvalidValue:
 * See virxml.h.
 */
void
virXMLReportInvalidValue(const xmlNode *node, const char *name, const char *value,
                     const char *why)
{
    if (why)
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid value '%1$s' for attribute '%2$s' of element <%3$s> (line %4$ld): %5$s"),
                       value, name, (const char *)node->name,
                       xmlGetLineNo(node), why);
    else
        virReportError(VIR_ERR_XML_ERROR,
                       _("invalid value '%1$s' for attribute '%2$s' of element <%3$s> (line %4$ld)"),
                       value, name, (const char *)node->name,
                       xmlGetLineNo(node));
}

/**
 * virXMLPropEnum:
 * See virxml.h.
 */
int
virXMLPropEnum(const xmlNode *node, const char *name,
               int (*fromString)(const char *),
               unsigned int flags, int *result)
{
    g_autofree char *str = NULL;
    int val;

    if (!(str = virXMLPropString(node, name))) {
        if (flags & VIR_XML_PROP_REQUIRED) {
            g_free(virXMLPropStringRequired(node, name));
            return -1;
        }
        return 0;
    }
    val = fromString(str);
    if (val < 0 || (val == 0 && (flags & VIR_XML_PROP_NONZERO))) {
        virXMLReportInvalidValue(node, name, str, NULL);
        return -1;
    }
    *result = val;
    return 1;
}

/**
 * virXMLParseULL:
 * Strict unsigned parse of @str in @base (0 = decimal, or hex with 0x).
 * Returns 0 or -1.
 */
static int
virXMLParseULL(const char *str, int base, unsigned long long *out)
{
    char *end = NULL;
    unsigned long long val;
    const char *p = str;

    if (base == 0 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        base = 16;
        p += 2;
    } else if (base == 0) {
        base = 10;
    } else if (base == 16 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
        p += 2;
    }
    if (!g_ascii_isxdigit(*p))
        return -1;
    errno = 0;
    val = g_ascii_strtoull(p, &end, base);
    if (errno != 0 || !end || *end != '\0' || end == p)
        return -1;
    *out = val;
    return 0;
}

/**
 * virXMLPropNumber:
 * Common part of the unsigned getters: attribute @name of @node in @base
 * (see virXMLParseULL) within [@min, @max].  Returns 1 / 0 / -1 like
 * virXMLPropEnum.
 */
static int
virXMLPropNumber(const xmlNode *node, const char *name, int base,
                 unsigned long long min, unsigned long long max,
                 unsigned int flags, unsigned long long *result)
{
    g_autofree char *str = NULL;
    g_autofree char *why = NULL;
    unsigned long long val;

    if (!(str = virXMLPropString(node, name))) {
        if (flags & VIR_XML_PROP_REQUIRED) {
            g_free(virXMLPropStringRequired(node, name));
            return -1;
        }
        return 0;
    }
    if (virXMLParseULL(str, base, &val) < 0) {
        virXMLReportInvalidValue(node, name, str, _("not an unsigned number"));
        return -1;
    }
    if (val < min || val > max) {
        why = g_strdup_printf(_("must be between %1$llu and %2$llu"), min, max);
        virXMLReportInvalidValue(node, name, str, why);
        return -1;
    }
    *result = val;
    return 1;
}

/**
 * virXMLPropULongLong:
 * See virxml.h (decimal only).
 */
int
virXMLPropULongLong(const xmlNode *node, const char *name,
                    unsigned long long min, unsigned long long max,
                    unsigned int flags, unsigned long long *result)
{
    return virXMLPropNumber(node, name, 10, min, max, flags, result);
}

/**
 * virXMLPropUInt:
 * See virxml.h.
 */
int
virXMLPropUInt(const xmlNode *node, const char *name, int base,
               unsigned int min, unsigned int max,
               unsigned int flags, unsigned int *result)
{
    unsigned long long val;
    int rc = virXMLPropNumber(node, name, base, min, max, flags, &val);

    if (rc > 0)
        *result = (unsigned int)val;
    return rc;
}

/**
 * virXMLCheckAttrs:
 * See virxml.h.  Returns 0 or -1.
 */
int
virXMLCheckAttrs(const xmlNode *node, const char * const *allowed)
{
    const xmlAttr *attr;

    for (attr = node->properties; attr; attr = attr->next) {
        const char * const *ok;
        bool found = false;

        for (ok = allowed; ok && *ok; ok++) {
            if (!attr->ns && strcmp((const char *)attr->name, *ok) == 0) {
                found = true;
                break;
            }
        }
        if (!found) {
            virReportError(VIR_ERR_XML_ERROR,
                           _("unknown attribute '%1$s' of element <%2$s> (line %3$ld)"),
                           (const char *)attr->name, (const char *)node->name,
                           xmlGetLineNo(node));
            return -1;
        }
    }
    return 0;
}

/**
 * virXMLReportUnknownChild:
 * See virxml.h.
 */
int
virXMLReportUnknownChild(const xmlNode *child)
{
    const char *parent = child->parent ? (const char *)child->parent->name : "";

    virReportError(VIR_ERR_XML_ERROR,
                   _("unknown element <%1$s> in <%2$s> (line %3$ld)"),
                   (const char *)child->name, parent, xmlGetLineNo(child));
    return -1;
}

/**
 * virXMLIsBlank:
 * True when @node is a text node holding only XML whitespace.
 */
static bool
virXMLIsBlank(const xmlNode *node)
{
    const xmlChar *p;

    if (node->type != XML_TEXT_NODE)
        return false;
    for (p = node->content; p && *p; p++) {
        if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
            return false;
    }
    return true;
}

/**
 * virXMLStripIgnorableBlanks:
 * Removes whitespace-only text children of every element of the subtree
 * at @node whose content is elements only (indentation); mixed content is
 * left alone.  The depth is bounded by libxml2's parser depth limit.
 */
static void
virXMLStripIgnorableBlanks(xmlNode *node)
{
    xmlNode *cur;
    xmlNode *next;
    bool mixed = false;

    for (cur = node->children; cur; cur = cur->next) {
        if ((cur->type == XML_TEXT_NODE && !virXMLIsBlank(cur)) ||
            cur->type == XML_CDATA_SECTION_NODE ||
            cur->type == XML_ENTITY_REF_NODE) {
            mixed = true;
            break;
        }
    }

    for (cur = node->children; cur; cur = next) {
        next = cur->next;
        if (!mixed && virXMLIsBlank(cur)) {
            xmlUnlinkNode(cur);
            xmlFreeNode(cur);
        } else if (cur->type == XML_ELEMENT_NODE) {
            virXMLStripIgnorableBlanks(cur);
        }
    }
}

/**
 * virXMLNodeToString:
 * See virxml.h.
 */
char *
virXMLNodeToString(const xmlNode *node, int level)
{
    xmlDocPtr tmp = xmlNewDoc((const xmlChar *)"1.0");
    xmlBufferPtr xbuf = xmlBufferCreate();
    xmlNodePtr copy;
    char *ret = NULL;

    /* Copying into a document of its own re-declares the namespaces the
     * node borrows from its ancestors on the copy's root. */
    if (tmp && xbuf &&
        (copy = xmlDocCopyNode((xmlNode *)node, tmp, 1))) {
        xmlDocSetRootElement(tmp, copy);
        virXMLStripIgnorableBlanks(copy);
        if (xmlNodeDump(xbuf, tmp, copy, level, 1) >= 0)
            ret = g_strdup((const char *)xmlBufferContent(xbuf));
    }
    if (xbuf)
        xmlBufferFree(xbuf);
    if (tmp)
        xmlFreeDoc(tmp);
    if (!ret)
        ret = g_strdup("");
    return ret;
}

/**
 * virXMLSchemaDir:
 * See virxml.h for the lookup rule.
 */
char *
virXMLSchemaDir(void)
{
    const char *env = g_getenv("VIR_TEST_SCHEMA_DIR");
    g_autofree char *exe = NULL;

    if (env && *env)
        return g_strdup(env);

    exe = g_file_read_link("/proc/self/exe", NULL);
    if (exe && g_str_has_prefix(exe, BUILDDIR "/"))
        return g_strdup(SRCDIR "/src/conf/schemas");

    return g_strdup(DATADIR "/libvirt-networkd/schemas");
}

/**
 * virXMLSchemaPath:
 * See virxml.h.
 */
char *
virXMLSchemaPath(const char *name)
{
    g_autofree char *dir = virXMLSchemaDir();

    return g_build_filename(dir, name, NULL);
}

typedef struct _virXMLValidateState virXMLValidateState;
struct _virXMLValidateState {
    char *message;
    char *element;
    int line;
};

/**
 * virXMLValidateCatchError:
 * Structured error callback for RelaxNG parsing and validation: keeps the
 * first error with its line and element.
 */
static void
virXMLValidateCatchError(void *userData, xmlErrorPtr err)
{
    virXMLValidateState *state = userData;
    const xmlNode *node;

    /* libxml2 reports some RelaxNG errors (e.g. in interleaves) without
     * a node; the first error that names one is the useful one, the very
     * first message is the fallback. */
    if (!err || state->element)
        return;
    node = err->node;
    if (node && node->type == XML_ELEMENT_NODE) {
        g_free(state->message);
        state->message = virXMLChomp(err->message);
        state->element = g_strdup((const char *)node->name);
        state->line = err->line > 0 ? err->line : (int)xmlGetLineNo(node);
    } else if (!state->message) {
        state->message = virXMLChomp(err->message);
        state->line = err->line;
    }
}

/**
 * virXMLValidateAgainstSchema:
 * See virxml.h.
 */
int
virXMLValidateAgainstSchema(const char *schemaPath, xmlDoc *doc)
{
    virXMLValidateState state = { 0 };
    xmlRelaxNGParserCtxtPtr pctxt = NULL;
    xmlRelaxNGPtr schema = NULL;
    xmlRelaxNGValidCtxtPtr vctxt = NULL;
    int ret = -1;

    if (!g_file_test(schemaPath, G_FILE_TEST_IS_REGULAR)) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("RelaxNG schema '%1$s' does not exist"), schemaPath);
        return -1;
    }
    if (!(pctxt = xmlRelaxNGNewParserCtxt(schemaPath)))
        goto nomem;
    xmlRelaxNGSetParserStructuredErrors(pctxt, virXMLValidateCatchError, &state);
    if (!(schema = xmlRelaxNGParse(pctxt))) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("cannot load RelaxNG schema '%1$s': %2$s"),
                       schemaPath, state.message ? state.message : "");
        goto cleanup;
    }
    if (!(vctxt = xmlRelaxNGNewValidCtxt(schema)))
        goto nomem;
    xmlRelaxNGSetValidStructuredErrors(vctxt, virXMLValidateCatchError, &state);

    if (xmlRelaxNGValidateDoc(vctxt, doc) != 0) {
        virReportError(VIR_ERR_XML_INVALID_SCHEMA,
                       _("line %1$d, element <%2$s>: %3$s (schema '%4$s')"),
                       state.line, state.element ? state.element : "?",
                       state.message ? state.message : _("does not validate"),
                       schemaPath);
        goto cleanup;
    }
    ret = 0;
    goto cleanup;

 nomem:
    virReportError(VIR_ERR_INTERNAL_ERROR, "%s",
                   _("cannot allocate a RelaxNG context"));
 cleanup:
    g_free(state.message);
    g_free(state.element);
    if (vctxt)
        xmlRelaxNGFreeValidCtxt(vctxt);
    if (schema)
        xmlRelaxNGFree(schema);
    if (pctxt)
        xmlRelaxNGFreeParserCtxt(pctxt);
    return ret;
}

/* ---- writing ------------------------------------------------------------ */

/**
 * virXMLBufClear:
 * See virxml.h.
 */
void
virXMLBufClear(virXMLBuf *buf)
{
    if (buf->str)
        g_string_free(buf->str, TRUE);
    buf->str = NULL;
}

/**
 * virXMLBufAdjustIndent:
 * See virxml.h.
 */
void
virXMLBufAdjustIndent(virXMLBuf *buf, int delta)
{
    buf->indent = MAX(0, buf->indent + delta);
}

/**
 * virXMLBufInitChild:
 * See virxml.h.
 */
void
virXMLBufInitChild(virXMLBuf *child, const virXMLBuf *parent)
{
    child->str = NULL;
    child->indent = parent->indent + 2;
}

/**
 * virXMLBufIsEmpty:
 * See virxml.h.
 */
bool
virXMLBufIsEmpty(const virXMLBuf *buf)
{
    return !buf || !buf->str || buf->str->len == 0;
}

/**
 * virXMLBufPrepare:
 * Allocates the string and writes the indentation when at a line start.
 */
static void
virXMLBufPrepare(virXMLBuf *buf)
{
    if (!buf->str)
        buf->str = g_string_new(NULL);
    if (buf->indent > 0 &&
        (buf->str->len == 0 || buf->str->str[buf->str->len - 1] == '\n'))
        g_string_append_printf(buf->str, "%*s", buf->indent, "");
}

/**
 * virXMLBufAsprintf:
 * See virxml.h.
 */
void
virXMLBufAsprintf(virXMLBuf *buf, const char *fmt, ...)
{
    va_list ap;

    virXMLBufPrepare(buf);
    va_start(ap, fmt);
    g_string_append_vprintf(buf->str, fmt, ap);
    va_end(ap);
}

/**
 * virXMLBufAddLit:
 * See virxml.h.
 */
void
virXMLBufAddLit(virXMLBuf *buf, const char *text)
{
    virXMLBufPrepare(buf);
    g_string_append(buf->str, text);
}

/**
 * virXMLEscape:
 * Returns @str escaped for use in XML text and attribute values.  Line
 * breaks and tabs become character references so they survive attribute
 * value normalization; in text they would too, and are kept literal for
 * readability when @text is true.
 */
static char *
virXMLEscape(const char *str, bool text)
{
    GString *out = g_string_sized_new(strlen(str) + 8);
    const char *p;

    for (p = str; *p; p++) {
        switch (*p) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '\'': g_string_append(out, "&apos;"); break;
        case '"': g_string_append(out, "&quot;"); break;
        case '\r': g_string_append(out, "&#13;"); break;
        case '\n':
            g_string_append(out, text ? "\n" : "&#10;");
            break;
        case '\t':
            g_string_append(out, text ? "\t" : "&#9;");
            break;
        default:
            g_string_append_c(out, *p);
        }
    }
    return g_string_free(out, FALSE);
}

/**
 * virXMLBufEscapeFormat:
 * Common part of the escaping appenders.
 */
static void
virXMLBufEscapeFormat(virXMLBuf *buf, const char *fmt, const char *str, bool text)
{
    g_autofree char *esc = NULL;
    const char *pos;

    if (!str)
        return;
    esc = virXMLEscape(str, text);
    pos = strstr(fmt, "%s");
    g_assert(pos != NULL);
    virXMLBufPrepare(buf);
    g_string_append_len(buf->str, fmt, pos - fmt);
    g_string_append(buf->str, esc);
    g_string_append(buf->str, pos + 2);
}

/**
 * virXMLBufEscapeString:
 * See virxml.h.  Use for attribute values; element text may use
 * virXMLBufEscapeText to keep line breaks readable.
 */
void
virXMLBufEscapeString(virXMLBuf *buf, const char *fmt, const char *str)
{
    virXMLBufEscapeFormat(buf, fmt, str, false);
}

/**
 * virXMLBufEscapeText:
 * Like virXMLBufEscapeString but keeps newlines and tabs literal (element
 * text content).
 */
void
virXMLBufEscapeText(virXMLBuf *buf, const char *fmt, const char *str)
{
    virXMLBufEscapeFormat(buf, fmt, str, true);
}

/**
 * virXMLBufContentAndReset:
 * See virxml.h.
 */
char *
virXMLBufContentAndReset(virXMLBuf *buf)
{
    char *ret;

    if (!buf->str)
        return g_strdup("");
    ret = g_string_free(buf->str, FALSE);
    buf->str = NULL;
    return ret;
}

/**
 * virXMLFormatElement:
 * See virxml.h.
 */
void
virXMLFormatElement(virXMLBuf *buf, const char *name,
                    virXMLBuf *attrs, virXMLBuf *children, bool always)
{
    bool noAttrs = virXMLBufIsEmpty(attrs);
    bool noChildren = virXMLBufIsEmpty(children);

    if (!noAttrs || !noChildren || always) {
        virXMLBufAsprintf(buf, "<%s", name);
        if (!noAttrs)
            g_string_append(buf->str, attrs->str->str);
        if (noChildren) {
            g_string_append(buf->str, "/>\n");
        } else {
            g_string_append(buf->str, ">\n");
            g_string_append(buf->str, children->str->str);
            virXMLBufAsprintf(buf, "</%s>\n", name);
        }
    }
    if (attrs)
        virXMLBufClear(attrs);
    if (children)
        virXMLBufClear(children);
}
