/*
 * qemudriveruritest.c: the QEMU driver's URI -> directories mapping
 *
 * One line per case: URI, uid and environment in, either the directories
 * or the exact error message out.
 */
#include "testutils.h"

#include "qemu_driver.h"
#include "virerror.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct {
    const char *title;
    const char *uri;          /* NULL: the default URI */
    uid_t uid;
    const char *env[8];       /* NAME=value, NULL-terminated */
    /* expected result; err set means failure with exactly that message */
    const char *err;
    const char *canonical;
    const char *configBaseDir;
    const char *configDir;
    const char *stateDir;
    const char *cacheDir;
    const char *logDir;
} testURICase;

#define HOME_ENV "HOME=/home/u"
#define XDG_ALL HOME_ENV, "XDG_CONFIG_HOME=/x/cfg", "XDG_RUNTIME_DIR=/run/user/1000", \
    "XDG_CACHE_HOME=/x/cache"

#define SESSION_XDG \
    .canonical = "qemu:///session", \
    .configBaseDir = "/x/cfg/libvirt", \
    .configDir = "/x/cfg/libvirt/qemu", \
    .stateDir = "/run/user/1000/libvirt/qemu/run", \
    .cacheDir = "/x/cache/libvirt/qemu", \
    .logDir = "/x/cache/libvirt/qemu/log"

#define SESSION_HOME \
    .canonical = "qemu:///session", \
    .configBaseDir = "/home/u/.config/libvirt", \
    .configDir = "/home/u/.config/libvirt/qemu", \
    .stateDir = "/home/u/.cache/libvirt/qemu/run", \
    .cacheDir = "/home/u/.cache/libvirt/qemu", \
    .logDir = "/home/u/.cache/libvirt/qemu/log"

#define SYSTEM_DIRS \
    .canonical = "qemu:///system", \
    .configBaseDir = "/etc/libvirt", \
    .configDir = "/etc/libvirt/qemu", \
    .stateDir = "/run/libvirt/qemu", \
    .cacheDir = "/var/cache/libvirt/qemu", \
    .logDir = "/var/log/libvirt/qemu"

#define ERR_UNSUPPORTED(uri) \
    "invalid argument: unsupported URI '" uri "': this virsh runs the QEMU " \
    "driver in-process and accepts only 'qemu:///session' and 'qemu:///system'"

#define ERR_SYSTEM_DENIED \
    "access denied: 'qemu:///system' is only available to root; use " \
    "'qemu:///session' as an unprivileged user"

static const testURICase cases[] = {
    { "session, all XDG variables", "qemu:///session", 1000, { XDG_ALL, NULL }, SESSION_XDG },
    { "session, trailing slash", "qemu:///session/", 1000, { XDG_ALL, NULL }, SESSION_XDG },
    { "session, only HOME", "qemu:///session", 1000, { HOME_ENV, NULL }, SESSION_HOME },
    { "session, empty XDG variables", "qemu:///session", 1000,
      { HOME_ENV, "XDG_CONFIG_HOME=", "XDG_RUNTIME_DIR=", "XDG_CACHE_HOME=", NULL }, SESSION_HOME },
    { "session, relative XDG variables are ignored", "qemu:///session", 1000,
      { HOME_ENV, "XDG_CONFIG_HOME=cfg", "XDG_RUNTIME_DIR=run", "XDG_CACHE_HOME=c", NULL },
      SESSION_HOME },
    { "session, no runtime dir: state under the cache dir", "qemu:///session", 1000,
      { HOME_ENV, "XDG_CONFIG_HOME=/x/cfg", "XDG_CACHE_HOME=/x/cache", NULL },
      .canonical = "qemu:///session",
      .configBaseDir = "/x/cfg/libvirt",
      .configDir = "/x/cfg/libvirt/qemu",
      .stateDir = "/x/cache/libvirt/qemu/run",
      .cacheDir = "/x/cache/libvirt/qemu",
      .logDir = "/x/cache/libvirt/qemu/log" },
    { "session as root uses root's XDG dirs", "qemu:///session", 0,
      { "HOME=/root", NULL },
      .canonical = "qemu:///session",
      .configBaseDir = "/root/.config/libvirt",
      .configDir = "/root/.config/libvirt/qemu",
      .stateDir = "/root/.cache/libvirt/qemu/run",
      .cacheDir = "/root/.cache/libvirt/qemu",
      .logDir = "/root/.cache/libvirt/qemu/log" },
    { "default URI for a user is the session", NULL, 1000, { XDG_ALL, NULL }, SESSION_XDG },
    { "default URI for root is the system", NULL, 0, { XDG_ALL, NULL }, SYSTEM_DIRS },
    { "LIBVIRT_DEFAULT_URI overrides root's default", NULL, 0,
      { XDG_ALL, "LIBVIRT_DEFAULT_URI=qemu:///session", NULL }, SESSION_XDG },
    { "empty LIBVIRT_DEFAULT_URI is ignored", NULL, 1000,
      { XDG_ALL, "LIBVIRT_DEFAULT_URI=", NULL }, SESSION_XDG },
    { "LIBVIRT_DEFAULT_URI=system for a user is refused", NULL, 1000,
      { XDG_ALL, "LIBVIRT_DEFAULT_URI=qemu:///system", NULL }, .err = ERR_SYSTEM_DENIED },
    { "system as root", "qemu:///system", 0, { XDG_ALL, NULL }, SYSTEM_DIRS },
    { "system as a user is refused", "qemu:///system", 1000, { XDG_ALL, NULL },
      .err = ERR_SYSTEM_DENIED },
    { "another driver", "test:///default", 1000, { XDG_ALL, NULL },
      .err = ERR_UNSUPPORTED("test:///default") },
    { "a remote transport", "qemu+ssh://host/system", 0, { XDG_ALL, NULL },
      .err = ERR_UNSUPPORTED("qemu+ssh://host/system") },
    { "a host name", "qemu://host/session", 1000, { XDG_ALL, NULL },
      .err = ERR_UNSUPPORTED("qemu://host/session") },
    { "a query", "qemu:///session?socket=/tmp/s", 1000, { XDG_ALL, NULL },
      .err = ERR_UNSUPPORTED("qemu:///session?socket=/tmp/s") },
    { "an unknown path", "qemu:///embed", 1000, { XDG_ALL, NULL },
      .err = "invalid argument: unsupported URI 'qemu:///embed': the QEMU driver "
             "path must be '/session' or '/system'" },
    { "not a URI", "session", 1000, { XDG_ALL, NULL },
      .err = "invalid argument: cannot parse URI 'session': URI is not absolute, "
             "and no base URI was provided" },
};

static int
testCompareField(const char *what, const char *expect, const char *actual)
{
    if (g_strcmp0(expect, actual) == 0)
        return 0;
    printf("     %s: expected '%s', got '%s'\n", what, expect, actual);
    return -1;
}

static int
testURIOne(const void *data)
{
    const testURICase *tc = data;
    g_autoptr(virQEMUDriverConfig) cfg = NULL;
    int ret = 0;

    cfg = virQEMUDriverConfigNew(tc->uri, tc->uid, tc->env);

    if (tc->err) {
        if (cfg) {
            printf("     expected failure, got configDir '%s'\n", cfg->configDir);
            return -1;
        }
        return virTestCompareStrings(tc->err, virGetLastErrorMessage());
    }
    if (!cfg)
        return -1;

    if (testCompareField("uri", tc->canonical, cfg->uri) < 0 ||
        testCompareField("configBaseDir", tc->configBaseDir, cfg->configBaseDir) < 0 ||
        testCompareField("configDir", tc->configDir, cfg->configDir) < 0 ||
        testCompareField("stateDir", tc->stateDir, cfg->stateDir) < 0 ||
        testCompareField("cacheDir", tc->cacheDir, cfg->cacheDir) < 0 ||
        testCompareField("logDir", tc->logDir, cfg->logDir) < 0)
        ret = -1;
    if (cfg->privileged != g_str_equal(tc->canonical, "qemu:///system")) {
        printf("     privileged: got %d\n", cfg->privileged);
        ret = -1;
    }
    return ret;
}

static int
mymain(void)
{
    int ret = 0;
    size_t i;

    for (i = 0; i < G_N_ELEMENTS(cases); i++) {
        if (virTestRun(cases[i].title, testURIOne, &cases[i]) < 0)
            ret = -1;
    }
    return ret;
}

int
main(int argc, char **argv)
{
    return virTestMain(argc, argv, mymain);
}
