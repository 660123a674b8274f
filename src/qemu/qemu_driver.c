/*
 * qemu_driver.c: the QEMU driver's connection and domain storage
 *
 * See qemu_driver.h for the directory layout and the locking rules.
 */
#include "qemu_driver.h"
#include "domain_addr.h"
#include "qemu_process.h"

#include "virerror.h"
#include "virfile.h"
#include "viruuid.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Name of the lock file in the config dir; a dot file so that it is never
 * mistaken for a definition. */
#define VIR_QEMU_DRIVER_LOCK_FILE ".driver.lock"

struct _virQEMUDriver {
    virQEMUDriverConfig *cfg;
};

/**
 * virQEMUDriverConfigFree:
 * @cfg: configuration to free, may be NULL
 */
void
virQEMUDriverConfigFree(virQEMUDriverConfig *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->uri);
    g_free(cfg->configBaseDir);
    g_free(cfg->configDir);
    g_free(cfg->stateDir);
    g_free(cfg->cacheDir);
    g_free(cfg->logDir);
    g_free(cfg);
}

/**
 * virQEMUDriverGetEnv:
 * @envp: NULL-terminated environment ("NAME=value"), or NULL for the
 *        process environment
 * @name: variable to look up
 *
 * Returns the value when it is set and not empty, else NULL.  Borrowed.
 */
static const char *
virQEMUDriverGetEnv(const char * const *envp, const char *name)
{
    const char *value;

    if (envp)
        value = g_environ_getenv((char **)envp, name);
    else
        value = g_getenv(name);
    if (!value || !*value)
        return NULL;
    return value;
}

/**
 * virQEMUDriverXDGDir:
 * @envp: environment, as for virQEMUDriverGetEnv()
 * @var: XDG variable ("XDG_CONFIG_HOME")
 * @fallback: directory under $HOME used when @var is unset (".config")
 *
 * Resolves an XDG base directory.  The XDG spec says relative values are
 * invalid and must be ignored, so they fall back like unset ones.
 * Returns a new string (caller frees).
 */
static char *
virQEMUDriverXDGDir(const char * const *envp, const char *var, const char *fallback)
{
    const char *value = virQEMUDriverGetEnv(envp, var);
    const char *home;

    if (value && g_path_is_absolute(value))
        return g_strdup(value);

    if (!(home = virQEMUDriverGetEnv(envp, "HOME")))
        home = g_get_home_dir();
    return g_build_filename(home, fallback, NULL);
}

/**
 * virQEMUDriverDefaultURI:
 * @uid: the caller's uid
 * @envp: environment, or NULL for the process environment
 *
 * Returns the URI used when none is given: $LIBVIRT_DEFAULT_URI when set,
 * else qemu:///system for root and qemu:///session for everyone else
 * (as upstream).  Borrowed from @envp or static.
 */
const char *
virQEMUDriverDefaultURI(uid_t uid, const char * const *envp)
{
    const char *uri = virQEMUDriverGetEnv(envp, "LIBVIRT_DEFAULT_URI");

    if (uri)
        return uri;
    return uid == 0 ? VIR_QEMU_URI_SYSTEM : VIR_QEMU_URI_SESSION;
}

/**
 * virQEMUDriverParseURI:
 * @uri: the URI to check
 * @privileged: set to true for qemu:///system
 *
 * Accepts qemu:///session and qemu:///system (a trailing slash is
 * tolerated); anything else - a transport, a host, a query, another
 * driver - is refused: this tree has no daemon to forward to.
 * Returns 0, or -1 with an error reported.
 */
static int
virQEMUDriverParseURI(const char *uri, bool *privileged)
{
    g_autoptr(GUri) parsed = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *path;

    if (!(parsed = g_uri_parse(uri, G_URI_FLAGS_NONE, &gerr))) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("cannot parse URI '%1$s': %2$s"), uri, gerr->message);
        return -1;
    }

    path = g_uri_get_path(parsed);
    if (g_strcmp0(g_uri_get_scheme(parsed), "qemu") != 0 ||
        (g_uri_get_host(parsed) && *g_uri_get_host(parsed)) ||
        g_uri_get_userinfo(parsed) ||
        g_uri_get_query(parsed) ||
        g_uri_get_fragment(parsed) ||
        g_uri_get_port(parsed) != -1) {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("unsupported URI '%1$s': this virsh runs the QEMU driver in-process and accepts only '%2$s' and '%3$s'"),
                       uri, VIR_QEMU_URI_SESSION, VIR_QEMU_URI_SYSTEM);
        return -1;
    }

    if (g_str_equal(path, "/session") || g_str_equal(path, "/session/")) {
        *privileged = false;
    } else if (g_str_equal(path, "/system") || g_str_equal(path, "/system/")) {
        *privileged = true;
    } else {
        virReportError(VIR_ERR_INVALID_ARG,
                       _("unsupported URI '%1$s': the QEMU driver path must be '/session' or '/system'"),
                       uri);
        return -1;
    }
    return 0;
}

/**
 * virQEMUDriverConfigNew:
 * @uri: connection URI, or NULL for virQEMUDriverDefaultURI()
 * @uid: the caller's uid (qemu:///system needs 0)
 * @envp: environment to read HOME and the XDG variables from, or NULL for
 *        the process environment
 *
 * Maps a URI to the driver's directories.  Pure: creates nothing, so the
 * mapping can be unit-tested with any environment.
 * Returns a new configuration (caller frees), or NULL with an error.
 */
virQEMUDriverConfig *
virQEMUDriverConfigNew(const char *uri, uid_t uid, const char * const *envp)
{
    g_autoptr(virQEMUDriverConfig) cfg = g_new0(virQEMUDriverConfig, 1);

    if (!uri)
        uri = virQEMUDriverDefaultURI(uid, envp);

    if (virQEMUDriverParseURI(uri, &cfg->privileged) < 0)
        return NULL;

    if (cfg->privileged) {
        if (uid != 0) {
            virReportError(VIR_ERR_OPERATION_DENIED,
                           _("'%1$s' is only available to root; use '%2$s' as an unprivileged user"),
                           VIR_QEMU_URI_SYSTEM, VIR_QEMU_URI_SESSION);
            return NULL;
        }
        /* Fixed paths, shared with a distribution's libvirt, not derived
         * from this build's prefix. */
        cfg->uri = g_strdup(VIR_QEMU_URI_SYSTEM);
        cfg->configBaseDir = g_strdup("/etc/libvirt");
        cfg->configDir = g_strdup("/etc/libvirt/qemu");
        cfg->stateDir = g_strdup("/run/libvirt/qemu");
        cfg->cacheDir = g_strdup("/var/cache/libvirt/qemu");
        cfg->logDir = g_strdup("/var/log/libvirt/qemu");
    } else {
        g_autofree char *config = virQEMUDriverXDGDir(envp, "XDG_CONFIG_HOME", ".config");
        g_autofree char *cache = virQEMUDriverXDGDir(envp, "XDG_CACHE_HOME", ".cache");
        const char *runtime = virQEMUDriverGetEnv(envp, "XDG_RUNTIME_DIR");

        cfg->uri = g_strdup(VIR_QEMU_URI_SESSION);
        cfg->configBaseDir = g_build_filename(config, "libvirt", NULL);
        cfg->configDir = g_build_filename(cfg->configBaseDir, "qemu", NULL);
        cfg->cacheDir = g_build_filename(cache, "libvirt", "qemu", NULL);
        cfg->logDir = g_build_filename(cfg->cacheDir, "log", NULL);
        /* Like upstream: without a runtime dir the state goes under the
         * cache dir, which is per user too. */
        if (runtime && g_path_is_absolute(runtime))
            cfg->stateDir = g_build_filename(runtime, "libvirt", "qemu", "run", NULL);
        else
            cfg->stateDir = g_build_filename(cache, "libvirt", "qemu", "run", NULL);
    }

    return g_steal_pointer(&cfg);
}

/**
 * virQEMUDriverOpen:
 * @uri: connection URI, or NULL for the default one
 *
 * Opens the driver for the calling user and creates its directories
 * (0700 for a session, 0755 for the system driver like upstream; the
 * files inside are 0600 either way).
 * Returns the connection (virQEMUDriverClose() it), or NULL with an error.
 */
virQEMUDriver *
virQEMUDriverOpen(const char *uri)
{
    g_autoptr(virQEMUDriver) driver = g_new0(virQEMUDriver, 1);
    mode_t mode;

    if (!(driver->cfg = virQEMUDriverConfigNew(uri, geteuid(), NULL)))
        return NULL;

    mode = driver->cfg->privileged ? 0755 : 0700;
    if (virFileMakePath(driver->cfg->configDir, mode) < 0 ||
        virFileMakePath(driver->cfg->stateDir, mode) < 0)
        return NULL;

    return g_steal_pointer(&driver);
}

/**
 * virQEMUDriverClose:
 * @driver: connection to close, may be NULL
 */
void
virQEMUDriverClose(virQEMUDriver *driver)
{
    if (!driver)
        return;
    virQEMUDriverConfigFree(driver->cfg);
    g_free(driver);
}

/**
 * virQEMUDriverGetConfig:
 * Returns the connection's directories (borrowed, lives as long as @driver).
 */
const virQEMUDriverConfig *
virQEMUDriverGetConfig(const virQEMUDriver *driver)
{
    return driver->cfg;
}

/**
 * virQEMUDriverGetURI:
 * Returns the canonical URI of the connection (borrowed).
 */
const char *
virQEMUDriverGetURI(const virQEMUDriver *driver)
{
    return driver->cfg->uri;
}

/**
 * virQEMUDriverLock:
 * @driver: the connection
 * @exclusive: true for a writer, false for a reader
 *
 * Takes the driver lock that serialises every access to the definitions
 * and status files across processes.  The driver's own entry points all
 * take it exclusively, even to read, because loading a domain may clean
 * up after a guest that died (virQEMUDriverDomainLoadLive).  Waits for
 * the current holder.  Not recursive: flock()
 * locks belong to the open file, so taking it again in the same process
 * while holding it (e.g. calling virQEMUDriverDomainList() under it)
 * deadlocks; functions that run under the lock use the unlocked helpers.
 * Returns the fd holding the lock (close it to release; use VIR_AUTOCLOSE),
 * or -1 with an error reported.
 */
int
virQEMUDriverLock(virQEMUDriver *driver, bool exclusive)
{
    g_autofree char *path = g_build_filename(driver->cfg->configDir,
                                             VIR_QEMU_DRIVER_LOCK_FILE, NULL);

    return virFileLockPath(path, exclusive);
}

/**
 * virQEMUDriverNameIsStorable:
 * @name: a domain name
 *
 * Whether NAME.xml is one file name in the config (or state) dir, as
 * upstream names definitions: the domain parser already checks names
 * (virDomainNameValidate); this keeps the driver safe on its own for
 * names from elsewhere (virsh arguments).  Every other file is named
 * after the name's virDomainNameFileStem() instead.
 */
static bool
virQEMUDriverNameIsStorable(const char *name)
{
    return name && *name && !strchr(name, '/') &&
        strlen(name) <= VIR_DOMAIN_NAME_MAX_LEN;
}

/**
 * virQEMUDriverConfigFilePath:
 * Returns CONFIGDIR/NAME.xml (caller frees).
 */
char *
virQEMUDriverConfigFilePath(const virQEMUDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return g_build_filename(driver->cfg->configDir, file, NULL);
}

/**
 * virQEMUDriverStatusFilePath:
 * Returns STATEDIR/NAME.xml, where the guest lifecycle keeps a running
 * domain's status (caller frees).
 */
char *
virQEMUDriverStatusFilePath(const virQEMUDriver *driver, const char *name)
{
    g_autofree char *file = g_strdup_printf("%s.xml", name);

    return g_build_filename(driver->cfg->stateDir, file, NULL);
}

/**
 * virQEMUDomainObjFree:
 * @obj: domain object to free, may be NULL
 */
void
virQEMUDomainObjFree(virQEMUDomainObj *obj)
{
    if (!obj)
        return;
    virDomainDefFree(obj->def);
    virDomainDefFree(obj->liveDef);
    g_free(obj);
}

/**
 * virQEMUDomainObjListFree:
 * Frees @nobjs objects and the array.  Accepts NULL.
 */
void
virQEMUDomainObjListFree(virQEMUDomainObj **objs, size_t nobjs)
{
    size_t i;

    if (!objs)
        return;
    for (i = 0; i < nobjs; i++)
        virQEMUDomainObjFree(objs[i]);
    g_free(objs);
}

/**
 * virQEMUDomainObjIsActive:
 * Returns whether @obj is running (has an id).
 */
bool
virQEMUDomainObjIsActive(const virQEMUDomainObj *obj)
{
    return obj->id >= 0;
}

/**
 * virQEMUDomainObjIsPersistent:
 * Returns whether @obj has a persistent definition.
 */
bool
virQEMUDomainObjIsPersistent(const virQEMUDomainObj *obj)
{
    return obj->def != NULL;
}

/**
 * virQEMUDomainObjGetDef:
 * @obj: the domain
 * @inactive: prefer the persistent definition even when running
 *
 * Returns the running definition of an active domain (unless @inactive),
 * else the persistent one.  Borrowed from @obj.
 */
const virDomainDef *
virQEMUDomainObjGetDef(const virQEMUDomainObj *obj, bool inactive)
{
    if (obj->liveDef && (!inactive || !obj->def))
        return obj->liveDef;
    return obj->def;
}

/**
 * virQEMUDomainObjGetName:
 * Returns the domain's name (borrowed).
 */
const char *
virQEMUDomainObjGetName(const virQEMUDomainObj *obj)
{
    return virQEMUDomainObjGetDef(obj, false)->name;
}

/**
 * virQEMUDriverDomainLoadLive:
 * @driver: the connection
 * @name: the domain's name
 * @obj: a domain with its persistent definition loaded (if it has one)
 *
 * The one place live state joins a domain object: the process layer
 * (qemu_process.c) fills id, state and liveDef here from the status file
 * virQEMUDriverStatusFilePath() names, and cleans up stale ones.
 * Returns 0, or -1 with an error reported.
 */
static int
virQEMUDriverDomainLoadLive(virQEMUDriver *driver,
                            const char *name,
                            virQEMUDomainObj *obj)
{
    return qemuProcessLoadLive(driver, name, obj);
}

/**
 * virQEMUDriverDomainLoadConfig:
 * @driver: the connection
 * @name: domain name (the file is NAME.xml)
 *
 * Reads and parses one persistent definition.  A file whose <name> does
 * not match its file name (edited by hand) is refused rather than guessed.
 * Returns the definition (caller frees), or NULL with an error reported
 * (VIR_ERR_NO_DOMAIN when there is no such file).
 */
static virDomainDef *
virQEMUDriverDomainLoadConfig(virQEMUDriver *driver, const char *name)
{
    g_autofree char *path = NULL;
    g_autoptr(virDomainDef) def = NULL;

    if (!virQEMUDriverNameIsStorable(name)) {
        virReportError(VIR_ERR_NO_DOMAIN,
                       _("no domain with matching name '%1$s'"), name);
        return NULL;
    }

    path = virQEMUDriverConfigFilePath(driver, name);
    if (access(path, F_OK) < 0) {
        if (errno == ENOENT)
            virReportError(VIR_ERR_NO_DOMAIN,
                           _("no domain with matching name '%1$s'"), name);
        else
            virReportSystemError(errno, _("cannot access '%1$s'"), path);
        return NULL;
    }

    if (!(def = virDomainDefParseFile(path, 0)))
        return NULL;

    if (g_strcmp0(def->name, name) != 0) {
        virReportError(VIR_ERR_INTERNAL_ERROR,
                       _("definition file '%1$s' holds domain '%2$s'"),
                       path, def->name);
        return NULL;
    }
    return g_steal_pointer(&def);
}

/**
 * virQEMUDriverDomainObjNew:
 * @driver: the connection (lock held)
 * @name: the domain's name
 * @def: persistent definition (stolen), or NULL when there is none
 *
 * Returns a domain object with its live state loaded (caller frees), or
 * NULL with an error reported (VIR_ERR_NO_DOMAIN when there is neither a
 * persistent definition nor a running guest).
 */
static virQEMUDomainObj *
virQEMUDriverDomainObjNew(virQEMUDriver *driver, const char *name, virDomainDef *def)
{
    g_autoptr(virQEMUDomainObj) obj = g_new0(virQEMUDomainObj, 1);

    obj->def = def;
    obj->id = -1;
    obj->state = VIR_QEMU_DOMAIN_STATE_SHUTOFF;
    if (virQEMUDriverDomainLoadLive(driver, name, obj) < 0)
        return NULL;
    if (!obj->def && !obj->liveDef) {
        virReportError(VIR_ERR_NO_DOMAIN,
                       _("no domain with matching name '%1$s'"), name);
        return NULL;
    }
    return g_steal_pointer(&obj);
}

/**
 * virQEMUDriverDomainLoad:
 * @driver: the connection (lock held)
 * @name: the domain's name
 *
 * Loads a domain: its persistent definition when it has one, and its live
 * state (a running transient domain has only the latter).
 * Returns the domain (caller frees), or NULL with an error reported
 * (VIR_ERR_NO_DOMAIN when there is no such domain).
 */
static virQEMUDomainObj *
virQEMUDriverDomainLoad(virQEMUDriver *driver, const char *name)
{
    g_autoptr(virDomainDef) def = NULL;

    if (!(def = virQEMUDriverDomainLoadConfig(driver, name))) {
        if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN ||
            !virQEMUDriverNameIsStorable(name))
            return NULL;
        virResetLastError();
    }
    return virQEMUDriverDomainObjNew(driver, name, g_steal_pointer(&def));
}

/* GCompareFunc over a GPtrArray of strings (receives element addresses). */
static gint
virQEMUDriverCompareNames(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char * const *)a, *(const char * const *)b);
}

/**
 * virQEMUDriverListDir:
 * @path: the config dir or the state dir
 * @names: set of names to add to
 *
 * Adds the NAME of every NAME.xml in @path to @names.  A domain's name
 * may start with '.', so dot files count too: the lock file and the
 * temporary files of virFileRewriteStr (".NAME.xml.XXXXXX") do not end
 * in ".xml".
 * Returns 0, or -1 with an error reported.
 */
static int
virQEMUDriverListDir(const char *path, GHashTable *names)
{
    g_autoptr(GDir) dir = NULL;
    g_autoptr(GError) gerr = NULL;
    const char *entry;

    if (!(dir = g_dir_open(path, 0, &gerr))) {
        virReportGError(VIR_ERR_SYSTEM_ERROR, gerr, path);
        return -1;
    }
    while ((entry = g_dir_read_name(dir))) {
        if (!g_str_has_suffix(entry, ".xml") || strlen(entry) == strlen(".xml"))
            continue;
        g_hash_table_add(names, g_strndup(entry, strlen(entry) - strlen(".xml")));
    }
    return 0;
}

/**
 * virQEMUDriverListNames:
 * @driver: the connection (lock held)
 *
 * Returns the sorted names of all domains: persistent definitions
 * (CONFIGDIR/NAME.xml) and running ones (status files, STATEDIR/NAME.xml),
 * as a NULL-terminated vector (caller frees), or NULL with an error
 * reported.
 */
static char **
virQEMUDriverListNames(virQEMUDriver *driver)
{
    g_autoptr(GHashTable) set = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    GHashTableIter iter;
    gpointer key;

    if (virQEMUDriverListDir(driver->cfg->configDir, set) < 0 ||
        virQEMUDriverListDir(driver->cfg->stateDir, set) < 0)
        return NULL;

    g_hash_table_iter_init(&iter, set);
    while (g_hash_table_iter_next(&iter, &key, NULL)) {
        g_hash_table_iter_steal(&iter);
        g_ptr_array_add(names, key);
    }
    g_ptr_array_sort(names, virQEMUDriverCompareNames);
    g_ptr_array_add(names, NULL);
    return (char **)g_ptr_array_free(g_steal_pointer(&names), FALSE);
}

/**
 * virQEMUDriverLoadAll:
 * @driver: the connection (lock held)
 * @nobjs: set to the number of domains returned
 *
 * Loads every domain, in name order.  One that cannot be loaded is
 * skipped with a warning naming it and the reason: one broken file must
 * not hide all the other domains.  (One that vanished while loading - a
 * dead guest's status file cleaned up - is skipped silently.)
 * Returns a new NULL-terminated array (free with
 * virQEMUDomainObjListFree), or NULL with an error reported.
 */
static virQEMUDomainObj **
virQEMUDriverLoadAll(virQEMUDriver *driver, size_t *nobjs)
{
    g_auto(GStrv) names = NULL;
    g_autoptr(GPtrArray) objs = g_ptr_array_new();
    size_t i;

    if (!(names = virQEMUDriverListNames(driver)))
        return NULL;

    for (i = 0; names[i]; i++) {
        virQEMUDomainObj *obj = virQEMUDriverDomainLoad(driver, names[i]);

        if (!obj) {
            if (virGetLastErrorCode() != VIR_ERR_NO_DOMAIN)
                g_warning(_("ignoring domain '%1$s': %2$s"),
                          names[i], virGetLastErrorMessage());
            virResetLastError();
            continue;
        }
        g_ptr_array_add(objs, obj);
    }
    *nobjs = objs->len;
    /* NULL-terminated, so that an empty result is an array, not NULL */
    g_ptr_array_add(objs, NULL);
    return (virQEMUDomainObj **)g_ptr_array_free(g_steal_pointer(&objs), FALSE);
}

/**
 * virQEMUDriverCheckUnique:
 * @driver: the connection (lock held)
 * @def: the definition about to be stored (running domains count too)
 *
 * Enforces upstream's rules: redefining the same name with the same uuid
 * is an update; the same name with another uuid, or the same uuid under
 * another name, is an error.
 * Returns 0 when @def may be stored, or -1 with an error reported.
 */
static int
virQEMUDriverCheckUnique(virQEMUDriver *driver, const virDomainDef *def)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virQEMUDomainObj **objs = NULL;
    size_t nobjs = 0;
    size_t i;
    int ret = 0;

    if (!(objs = virQEMUDriverLoadAll(driver, &nobjs)))
        return -1;

    for (i = 0; i < nobjs && ret == 0; i++) {
        const virDomainDef *other = virQEMUDomainObjGetDef(objs[i], false);
        bool sameName = g_str_equal(other->name, def->name);
        bool sameUUID = memcmp(other->uuid, def->uuid, VIR_UUID_BUFLEN) == 0;

        if (sameName && !sameUUID) {
            virUUIDFormat(other->uuid, uuidstr);
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("domain '%1$s' already exists with uuid %2$s"),
                           def->name, uuidstr);
            ret = -1;
        } else if (sameUUID && !sameName) {
            virUUIDFormat(def->uuid, uuidstr);
            virReportError(VIR_ERR_OPERATION_FAILED,
                           _("domain '%1$s' is already defined with uuid %2$s"),
                           other->name, uuidstr);
            ret = -1;
        }
    }

    virQEMUDomainObjListFree(objs, nobjs);
    return ret;
}

/**
 * virQEMUDriverDomainDefineXML:
 * @driver: the connection
 * @xml: the domain document
 * @filename: where @xml came from, for error messages (may be NULL)
 * @parseFlags: virDomainDefParseFlags (e.g. schema validation)
 *
 * Parses, validates and stores a persistent definition, replacing the one
 * with the same name and uuid.  Parsing happens before the lock is taken;
 * the uniqueness check and the atomic write happen under it, so two
 * concurrent defines never lose each other's work, and a definition that
 * fails at any step leaves the stored file exactly as it was.
 * Returns the defined domain (caller frees), or NULL with an error.
 */
virQEMUDomainObj *
virQEMUDriverDomainDefineXML(virQEMUDriver *driver,
                             const char *xml,
                             const char *filename,
                             unsigned int parseFlags)
{
    g_autoptr(virDomainDef) def = NULL;
    g_autofree char *formatted = NULL;
    g_autofree char *path = NULL;
    const char *name;
    VIR_AUTOCLOSE lockfd = -1;

    if (!(def = virDomainDefParseString(xml, filename, parseFlags)) ||
        virDomainDefAssignAddresses(def) < 0)
        return NULL;

    if (!virQEMUDriverNameIsStorable(def->name)) {
        virReportError(VIR_ERR_XML_ERROR,
                       _("domain name '%1$s' cannot be stored by this driver"),
                       def->name);
        return NULL;
    }

    /* What is stored is the post-parsed document: generated uuid, MACs
     * and device addresses stay stable across later loads. */
    if (!(formatted = virDomainDefFormat(def, VIR_DOMAIN_DEF_FORMAT_INACTIVE)))
        return NULL;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return NULL;

    if (virQEMUDriverCheckUnique(driver, def) < 0)
        return NULL;

    path = virQEMUDriverConfigFilePath(driver, def->name);
    if (virFileRewriteStr(path, 0600, formatted) < 0)
        return NULL;

    name = def->name;  /* still owned by @def, which moves into the object */
    return virQEMUDriverDomainObjNew(driver, name, g_steal_pointer(&def));
}

/**
 * virQEMUDriverDomainUndefine:
 * @driver: the connection
 * @name: the domain to forget
 *
 * Removes the persistent definition.  As upstream, a running domain keeps
 * running (it becomes transient); its status file is the process layer's.
 * Returns 0, or -1 with an error reported (VIR_ERR_NO_DOMAIN if unknown).
 */
int
virQEMUDriverDomainUndefine(virQEMUDriver *driver, const char *name)
{
    g_autofree char *path = NULL;
    VIR_AUTOCLOSE lockfd = -1;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return -1;

    if (!virQEMUDriverNameIsStorable(name) ||
        !(path = virQEMUDriverConfigFilePath(driver, name)) ||
        access(path, F_OK) < 0) {
        virReportError(VIR_ERR_NO_DOMAIN,
                       _("no domain with matching name '%1$s'"), name);
        return -1;
    }

    if (unlink(path) < 0) {
        virReportSystemError(errno, _("cannot remove '%1$s'"), path);
        return -1;
    }
    return 0;
}

/**
 * virQEMUDriverDomainLookupByName:
 * Returns the domain called @name (caller frees), or NULL with an error
 * reported (VIR_ERR_NO_DOMAIN when there is none).
 */
virQEMUDomainObj *
virQEMUDriverDomainLookupByName(virQEMUDriver *driver, const char *name)
{
    VIR_AUTOCLOSE lockfd = -1;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return NULL;

    return virQEMUDriverDomainLoad(driver, name);
}

/**
 * virQEMUDriverDomainFind:
 * @driver: the connection
 * @uuid: match this uuid (or NULL)
 * @id: match this id (when @uuid is NULL)
 *
 * Returns the first matching domain (caller frees), or NULL with nothing
 * reported when there is none, or NULL with an error on failure (@failed
 * is set then).
 */
static virQEMUDomainObj *
virQEMUDriverDomainFind(virQEMUDriver *driver,
                        const unsigned char *uuid,
                        int id,
                        bool *failed)
{
    virQEMUDomainObj **objs = NULL;
    virQEMUDomainObj *found = NULL;
    ssize_t nobjs;
    ssize_t i;

    *failed = false;
    if ((nobjs = virQEMUDriverDomainList(driver, 0, &objs)) < 0) {
        *failed = true;
        return NULL;
    }

    for (i = 0; i < nobjs && !found; i++) {
        const virDomainDef *def = virQEMUDomainObjGetDef(objs[i], false);

        if (uuid ? memcmp(def->uuid, uuid, VIR_UUID_BUFLEN) == 0
                 : objs[i]->id == id)
            found = g_steal_pointer(&objs[i]);
    }
    virQEMUDomainObjListFree(objs, nobjs);
    return found;
}

/**
 * virQEMUDriverDomainLookupByUUID:
 * Returns the domain with @uuid (caller frees), or NULL with an error
 * reported (VIR_ERR_NO_DOMAIN when there is none).
 */
virQEMUDomainObj *
virQEMUDriverDomainLookupByUUID(virQEMUDriver *driver, const unsigned char *uuid)
{
    char uuidstr[VIR_UUID_STRING_BUFLEN];
    virQEMUDomainObj *obj;
    bool failed;

    if ((obj = virQEMUDriverDomainFind(driver, uuid, -1, &failed)) || failed)
        return obj;

    virUUIDFormat(uuid, uuidstr);
    virReportError(VIR_ERR_NO_DOMAIN,
                   _("no domain with matching uuid '%1$s'"), uuidstr);
    return NULL;
}

/**
 * virQEMUDriverDomainLookupByID:
 * Returns the running domain with @id (caller frees), or NULL with an
 * error reported (VIR_ERR_NO_DOMAIN when there is none).
 */
virQEMUDomainObj *
virQEMUDriverDomainLookupByID(virQEMUDriver *driver, int id)
{
    virQEMUDomainObj *obj = NULL;
    bool failed = false;

    if (id >= 0 &&
        ((obj = virQEMUDriverDomainFind(driver, NULL, id, &failed)) || failed))
        return obj;

    virReportError(VIR_ERR_NO_DOMAIN, _("no domain with matching id %1$d"), id);
    return NULL;
}

/**
 * virQEMUDriverDomainList:
 * @driver: the connection
 * @flags: virQEMUDriverListFlags; 0 means both active and inactive
 * @objs: set to a new array of domains, in name order (free with
 *        virQEMUDomainObjListFree)
 *
 * Returns the number of domains, or -1 with an error reported.
 */
ssize_t
virQEMUDriverDomainList(virQEMUDriver *driver,
                        unsigned int flags,
                        virQEMUDomainObj ***objs)
{
    g_autoptr(GPtrArray) list = g_ptr_array_new();
    virQEMUDomainObj **all = NULL;
    size_t nall = 0;
    size_t i;
    VIR_AUTOCLOSE lockfd = -1;

    if (flags == 0)
        flags = VIR_QEMU_DRIVER_LIST_ACTIVE | VIR_QEMU_DRIVER_LIST_INACTIVE;

    if ((lockfd = virQEMUDriverLock(driver, true)) < 0)
        return -1;

    if (!(all = virQEMUDriverLoadAll(driver, &nall)))
        return -1;

    for (i = 0; i < nall; i++) {
        virQEMUDomainObj *obj = g_steal_pointer(&all[i]);
        bool active = virQEMUDomainObjIsActive(obj);

        if ((active && (flags & VIR_QEMU_DRIVER_LIST_ACTIVE)) ||
            (!active && (flags & VIR_QEMU_DRIVER_LIST_INACTIVE)))
            g_ptr_array_add(list, obj);
        else
            virQEMUDomainObjFree(obj);
    }
    g_free(all);

    /* NULL-terminated, so that an empty result is an array, not NULL */
    g_ptr_array_add(list, NULL);
    *objs = (virQEMUDomainObj **)g_ptr_array_steal(list, &nall);
    nall--;
    return nall;
}

/**
 * virQEMUDriverDomainGetXMLDesc:
 * @obj: the domain
 * @formatFlags: virDomainDefFormatFlags; FORMAT_INACTIVE picks the
 *               persistent definition of a running domain
 *
 * Returns the domain XML (caller frees), or NULL with an error.
 */
char *
virQEMUDriverDomainGetXMLDesc(const virQEMUDomainObj *obj, unsigned int formatFlags)
{
    bool inactive = formatFlags & VIR_DOMAIN_DEF_FORMAT_INACTIVE;

    return virDomainDefFormat(virQEMUDomainObjGetDef(obj, inactive), formatFlags);
}
