/*
 * capsbench.c: timings of the QEMU capabilities path (run through bench/caps)
 *
 *   capsbench [-n N] [QEMU-BINARY]
 *
 * Each measurement runs N times (default 20) and prints the median, the
 * minimum and the maximum, one line per measurement:
 *
 *   cold probe      start QEMU, the whole QMP conversation, quit, reap
 *   cached lookup   virQEMUCapsCacheLookup with a valid cache file
 *
 * The measurements are a table (capsBenchCases); the argv generation
 * timing for a 4-NIC domain belongs in the same table (see the marker).
 */
#include "domain_conf.h"
#include "qemu_capabilities.h"
#include "qemu_command.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    const char *binary;
    char *cacheDir;
    /* argv generation: the 4-NIC domain and the caps it is built with */
    virDomainDef *def;
    virQEMUCaps *caps;
} capsBenchEnv;

/* One timed run: returns 0, or -1 with an error reported. */
typedef int (*capsBenchFunc)(capsBenchEnv *env);

/**
 * capsBenchColdProbe:
 * One probe of a real QEMU process, bypassing the cache.
 */
static int
capsBenchColdProbe(capsBenchEnv *env)
{
    g_autoptr(virQEMUCaps) caps = virQEMUCapsProbe(env->binary, NULL, NULL);

    return caps ? 0 : -1;
}

/**
 * capsBenchCachedLookup:
 * One cache lookup (valid cache after capsBenchWarmCache).
 */
static int
capsBenchCachedLookup(capsBenchEnv *env)
{
    g_autoptr(virQEMUCaps) caps = virQEMUCapsCacheLookup(env->cacheDir, env->binary);

    return caps ? 0 : -1;
}

/* Runs once before the timed runs of a case (NULL: nothing). */
static int
capsBenchWarmCache(capsBenchEnv *env)
{
    return capsBenchCachedLookup(env);
}

/* The argv benchmark's domain: one NIC of each kind (multiqueue networkd
 * tap with MTU, e1000e on a network, rtl8139 networkd, user mode). */
#define CAPS_BENCH_ARGV_DOMAIN SRCDIR "/tests/qemuxml2argvdata/net-four-nics.xml"

/**
 * capsBenchArgvSetup:
 * Parses the 4-NIC domain and takes the (cached) capabilities once.
 */
static int
capsBenchArgvSetup(capsBenchEnv *env)
{
    if (!(env->def = virDomainDefParseFile(CAPS_BENCH_ARGV_DOMAIN, 0)) ||
        !(env->caps = virQEMUCapsCacheLookup(env->cacheDir, env->binary)))
        return -1;
    return 0;
}

/**
 * capsBenchArgv:
 * One qemuBuildCommandLine for the 4-NIC domain, with tap fds supplied
 * like the driver does.
 */
static int
capsBenchArgv(capsBenchEnv *env)
{
    static const int fds0[] = { 30, 31 }, fds1[] = { 40 }, fds2[] = { 50 };
    const qemuCommandNetHost nets[] = {
        { fds0, 2, NULL }, { fds1, 1, NULL }, { fds2, 1, NULL }, { NULL, 0, NULL },
    };
    qemuCommandParams params = { "/run/bench.monitor", "/usr/lib/qemu/qemu-bridge-helper",
                                 -1, nets, G_N_ELEMENTS(nets) };
    g_autoptr(qemuCommand) cmd = qemuBuildCommandLine(env->def, env->caps, &params);

    return cmd ? 0 : -1;
}

static const struct {
    const char *name;
    capsBenchFunc setup;
    capsBenchFunc run;
    double targetUs;    /* the target, for the printed verdict */
} capsBenchCases[] = {
    { "cold probe", NULL, capsBenchColdProbe, 500000 },
    { "cached lookup", capsBenchWarmCache, capsBenchCachedLookup, 1000 },
    { "argv 4 NICs", capsBenchArgvSetup, capsBenchArgv, 100 },
};

/**
 * capsBenchCompare:
 * qsort() order of doubles.
 */
static int
capsBenchCompare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;

    return (x > y) - (x < y);
}

/**
 * capsBenchFormat:
 * Writes @us in a readable unit into @buf.
 */
static const char *
capsBenchFormat(char *buf, size_t len, double us)
{
    if (us >= 1000)
        g_snprintf(buf, len, "%.1f ms", us / 1000);
    else
        g_snprintf(buf, len, "%.1f us", us);
    return buf;
}

int
main(int argc, char **argv)
{
    capsBenchEnv env = { 0 };
    g_autoptr(GError) err = NULL;
    g_autofree char *tmp = NULL;
    g_autofree char *found = NULL;
    unsigned int n = 20;
    int ret = EXIT_SUCCESS;
    size_t c;
    int opt;

    while ((opt = getopt(argc, argv, "n:")) != -1) {
        if (opt != 'n' || (n = strtoul(optarg, NULL, 10)) == 0) {
            fprintf(stderr, "usage: %s [-n RUNS] [QEMU-BINARY]\n", argv[0]);
            return EXIT_FAILURE;
        }
    }
    env.binary = optind < argc ? argv[optind]
                               : (found = g_find_program_in_path("qemu-system-x86_64"));
    if (!env.binary) {
        fprintf(stderr, "qemu-system-x86_64 not found\n");
        return EXIT_FAILURE;
    }
    if (!(tmp = g_dir_make_tmp("capsbench-XXXXXX", &err))) {
        fprintf(stderr, "%s\n", err->message);
        return EXIT_FAILURE;
    }
    env.cacheDir = tmp;

    printf("QEMU capabilities benchmark: %s, median of %u runs\n", env.binary, n);
    for (c = 0; c < G_N_ELEMENTS(capsBenchCases); c++) {
        g_autofree double *us = g_new0(double, n);
        char med[32], lo[32], hi[32], tg[32];
        unsigned int i;

        if (capsBenchCases[c].setup && capsBenchCases[c].setup(&env) < 0) {
            virErrorPrint(capsBenchCases[c].name);
            ret = EXIT_FAILURE;
            continue;
        }
        for (i = 0; i < n; i++) {
            gint64 start = g_get_monotonic_time();

            if (capsBenchCases[c].run(&env) < 0) {
                virErrorPrint(capsBenchCases[c].name);
                ret = EXIT_FAILURE;
                break;
            }
            us[i] = g_get_monotonic_time() - start;
        }
        if (i < n)
            continue;
        qsort(us, n, sizeof(*us), capsBenchCompare);
        printf("%-16s median %10s   min %10s   max %10s   target %s: %s\n",
               capsBenchCases[c].name,
               capsBenchFormat(med, sizeof(med), us[n / 2]),
               capsBenchFormat(lo, sizeof(lo), us[0]),
               capsBenchFormat(hi, sizeof(hi), us[n - 1]),
               capsBenchFormat(tg, sizeof(tg), capsBenchCases[c].targetUs),
               us[n / 2] <= capsBenchCases[c].targetUs ? "met" : "MISSED");
    }

    {
        g_autofree char *path = virQEMUCapsCachePath(env.cacheDir, env.binary);

        unlink(path);
        rmdir(env.cacheDir);
    }
    virDomainDefFree(env.def);
    virQEMUCapsFree(env.caps);
    return ret;
}
