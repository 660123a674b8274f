/*
 * testxml2xml.c: the golden-file harness of the XML -> XML tests
 */
#include "testxml2xml.h"
#include "testutils.h"
#include "virerror.h"
#include "virfile.h"
#include "virxml.h"

#include <stdio.h>
#include <string.h>

#define VIR_TEST_SEED 20120723

/**
 * virTestXMLSchemaCheck:
 * See testxml2xml.h.
 */
int
virTestXMLSchemaCheck(const virTestXMLKind *kind, const char *path,
                      const char *xml, char **why)
{
    g_autoptr(xmlDoc) doc = NULL;
    int ret = 0;

    if (path)
        doc = virXMLParseFile(path, kind->maxSize);
    else if (xml)
        doc = virXMLParseString(xml, "(output)", kind->maxSize);
    if (!doc)
        ret = -1;
    else if (virXMLValidateAgainstSchema(kind->schemaPath, doc) < 0)
        ret = 1;
    if (ret != 0) {
        g_free(*why);
        *why = g_strdup(virGetLastErrorMessage());
        virResetLastError();
    }
    return ret;
}

/**
 * virTestXMLCompareIndirect:
 * g_ptr_array_sort comparator for strings.
 */
static int
virTestXMLCompareIndirect(const void *a, const void *b)
{
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/**
 * virTestXMLKeptSurvives:
 * Every kept piece of the input at @inPath (kind->collectKept) comes out
 * of @output with the same content.  Returns 0 or -1 with a message.
 */
static int
virTestXMLKeptSurvives(const virTestXMLKind *kind, const char *inPath,
                       const char *output)
{
    g_autoptr(xmlDoc) in = virXMLParseFile(inPath, kind->maxSize);
    g_autoptr(xmlDoc) out = virXMLParseString(output, "(output)", kind->maxSize);
    g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *b = NULL;
    g_autofree char *a = NULL;

    if (!in || !out)
        return -1;
    kind->collectKept(xmlDocGetRootElement(in), before);
    kind->collectKept(xmlDocGetRootElement(out), after);
    g_ptr_array_sort(before, virTestXMLCompareIndirect);
    g_ptr_array_sort(after, virTestXMLCompareIndirect);
    g_ptr_array_add(before, NULL);
    g_ptr_array_add(after, NULL);
    b = g_strjoinv("\n", (char **)before->pdata);
    a = g_strjoinv("\n", (char **)after->pdata);
    if (virTestCompareStrings(b, a) < 0) {
        printf("%s: kept XML changed on the way through\n", inPath);
        return -1;
    }
    return 0;
}

/**
 * virTestXMLRoundTrip:
 * See testxml2xml.h.
 */
int
virTestXMLRoundTrip(const virTestXMLKind *kind, const char *name,
                    const void *opaque)
{
    g_autofree char *in = g_strdup_printf("%s/%s.xml", kind->dataDir, name);
    g_autofree char *out = g_strdup_printf("%s/%s.out.xml", kind->dataDir, name);
    g_autofree char *inText = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *again = NULL;
    g_autofree char *why = NULL;
    bool haveOut = g_file_test(out, G_FILE_TEST_EXISTS);
    void *def = NULL;
    void *def2 = NULL;
    int ret = -1;

    virTestMarkUsed(in);
    if (virTestXMLSchemaCheck(kind, in, NULL, &why) != 0) {
        printf("%s: the schema rejects a valid input: %s\n", in, why);
        return -1;
    }

    g_random_set_seed(VIR_TEST_SEED);
    if (!(def = kind->parse(in, NULL, opaque)))
        return -1;
    if (!(actual = kind->format(def, opaque)))
        goto cleanup;
    if (virFileReadAll(in, kind->maxSize, &inText) < 0)
        goto cleanup;
    if (virTestRegenerate() && !haveOut && strcmp(inText, actual) != 0)
        haveOut = true;
    if (haveOut) {
        if (virTestCompareToFile(actual, out) < 0)
            goto cleanup;
    } else if (virTestCompareStrings(inText, actual) < 0) {
        printf("(%s: output differs from input; add %s.out.xml)\n", in, name);
        goto cleanup;
    }
    if (kind->collectKept && virTestXMLKeptSurvives(kind, in, actual) < 0)
        goto cleanup;
    if (virTestXMLSchemaCheck(kind, NULL, actual, &why) != 0) {
        printf("%s: the schema rejects the formatted output: %s\n", name, why);
        goto cleanup;
    }

    /* Format must be a fixed point: what we write parses to what we wrote. */
    if (!(def2 = kind->parse(NULL, actual, opaque)))
        goto cleanup;
    if (!(again = kind->format(def2, opaque)))
        goto cleanup;
    if (virTestCompareStrings(actual, again) < 0) {
        printf("%s: formatting the output again changed it\n", name);
        goto cleanup;
    }
    ret = 0;

 cleanup:
    kind->free(def);
    kind->free(def2);
    return ret;
}

/**
 * virTestXMLError:
 * See testxml2xml.h.
 */
int
virTestXMLError(const virTestXMLKind *kind, const char *name, const void *opaque)
{
    g_autofree char *in = g_strdup_printf("%s/%s.xml", kind->dataDir, name);
    g_autofree char *err = g_strdup_printf("%s/%s.err", kind->dataDir, name);
    g_autofree char *prefix = g_strdup_printf("%s/", kind->dataDir);
    g_autofree char *why = NULL;
    g_autofree char *message = NULL;
    g_autofree char *actual = NULL;
    g_autofree char *expect = NULL;
    g_auto(GStrv) parts = NULL;
    const char *verdict;
    void *def;

    virTestMarkUsed(in);
    g_random_set_seed(VIR_TEST_SEED);
    if ((def = kind->parse(in, NULL, opaque))) {
        kind->free(def);
        printf("%s: parsing succeeded, but it must fail\n", in);
        return -1;
    }
    /* Paths in messages are relative to the data directory, so the
     * expected files do not depend on where the tree lives. */
    parts = g_strsplit(virGetLastErrorMessage(), prefix, -1);
    message = g_strjoinv("", parts);
    virResetLastError();

    switch (virTestXMLSchemaCheck(kind, in, NULL, &why)) {
    case 0:
        verdict = "schema: accepts";
        break;
    case 1:
        verdict = "schema: rejects";
        break;
    default:
        verdict = "schema: not checked (not well-formed XML)";
        break;
    }
    actual = g_strdup_printf("%s\n%s\n", message, verdict);

    /* The schema may get stricter than when the file was written: that is
     * progress, not a failure, and regenerating records it. */
    if (!virTestRegenerate() &&
        virFileReadAll(err, 64 * 1024, &expect) >= 0 &&
        g_str_has_suffix(expect, "\nschema: accepts\n") &&
        g_str_has_suffix(actual, "\nschema: rejects\n")) {
        g_autofree char *stricter = g_strdup_printf("%s\nschema: accepts\n", message);

        virTestMarkUsed(err);
        if (virTestCompareStrings(expect, stricter) < 0)
            return -1;
        printf("(%s: the schema now rejects it too; regenerate to record)\n", name);
        return 0;
    }
    virResetLastError();
    return virTestCompareToFile(actual, err);
}
