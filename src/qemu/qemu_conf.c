/*
 * qemu_conf.c: the QEMU driver's settings from qemu.conf
 *
 * Trust: in session mode the file belongs to the user running the guest;
 * in system mode to root.  Either way nothing read here is handed to a
 * shell, and the bridge helper path it names is the only way a helper
 * binary gets chosen (the domain XML cannot name one).
 */
#include "qemu_conf.h"
#include "virerror.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define VIR_FROM_THIS VIR_FROM_QEMU

/* Settings of upstream's qemu.conf this driver does not act on.  Kept as
 * a list so that a typo in a setting we do act on is told apart from an
 * upstream setting we ignore.  Prefixes end in '_'. */
static const char * const virQEMUConfIgnoredPrefixes[] = {
    "vnc_", "spice_", "chardev_tls", "migrate_tls", "backup_tls", "nbd_tls",
    "vxhs_tls", "remote_display_port_", "remote_websocket_port_",
    "migration_", "default_tls_", "swtpm_", "sev_",
};

static const char * const virQEMUConfIgnoredNames[] = {
    "auto_dump_bypass_cache", "auto_dump_path", "auto_start_bypass_cache",
    "capability_filters", "cgroup_controllers", "cgroup_device_acl",
    "dbus_daemon", "deprecation_behavior", "dump_guest_core",
    "dump_image_format", "gluster_debug_level",
    "hugetlbfs_mount", "keepalive_count", "keepalive_interval",
    "lock_manager", "log_timestamp", "mac_filter", "max_core", "max_files",
    "max_processes", "max_queued", "max_threads_per_process",
    "memory_backing_dir", "namespaces", "nvram", "pr_helper",
    "relaxed_acs_check", "save_image_format",
    "set_process_name", "slirp_helper", "snapshot_image_format",
    "stdio_handler", "virtiofsd_debug",
};

/* The settings handled below; anything else gets a warning. */
static const char * const virQEMUConfKnownNames[] = {
    "bridge_helper", "security_driver", "security_default_confined",
    "security_require_confined", "user", "group", "seccomp_sandbox",
    "dynamic_ownership", "remember_owner",
};

/**
 * virQEMUConfNew:
 * @privileged: system mode
 *
 * Returns the defaults (caller frees).
 */
virQEMUConf *
virQEMUConfNew(bool privileged)
{
    virQEMUConf *cfg = g_new0(virQEMUConf, 1);

    cfg->privileged = privileged;
    cfg->bridgeHelper = g_strdup(QEMU_BRIDGE_HELPER_NAME);
    cfg->securityDefaultConfined = true;
    cfg->seccompSandbox = -1;
    cfg->dynamicOwnership = true;
    cfg->rememberOwner = true;
    cfg->warnings = g_ptr_array_new_with_free_func(g_free);
    if (privileged) {
        cfg->user = g_strdup(QEMU_CONF_DEFAULT_USER);
        cfg->group = g_strdup(QEMU_CONF_DEFAULT_GROUP);
    }
    return cfg;
}

/**
 * virQEMUConfFree:
 * @cfg: settings, or NULL
 */
void
virQEMUConfFree(virQEMUConf *cfg)
{
    if (!cfg)
        return;
    g_free(cfg->path);
    g_free(cfg->bridgeHelper);
    g_strfreev(cfg->securityDrivers);
    g_free(cfg->user);
    g_free(cfg->group);
    if (cfg->warnings)
        g_ptr_array_unref(cfg->warnings);
    g_free(cfg);
}

/* True when @name is in @list. */
static bool
virQEMUConfNameIn(const char *name, const char * const *list, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (strcmp(name, list[i]) == 0)
            return true;
    }
    return false;
}

/**
 * virQEMUConfWarnIgnored:
 * @cfg: settings receiving the warnings
 * @conf: parsed file
 *
 * Adds a warning for every setting this driver does not act on.
 */
static void
virQEMUConfWarnIgnored(virQEMUConf *cfg, const virConf *conf)
{
    size_t i, j;

    for (i = 0; i < conf->nentries; i++) {
        const virConfEntry *e = &conf->entries[i];
        bool upstream = false;

        if (virQEMUConfNameIn(e->name, virQEMUConfKnownNames,
                              G_N_ELEMENTS(virQEMUConfKnownNames)))
            continue;
        for (j = 0; j < G_N_ELEMENTS(virQEMUConfIgnoredPrefixes); j++) {
            if (g_str_has_prefix(e->name, virQEMUConfIgnoredPrefixes[j]))
                upstream = true;
        }
        if (virQEMUConfNameIn(e->name, virQEMUConfIgnoredNames,
                              G_N_ELEMENTS(virQEMUConfIgnoredNames)))
            upstream = true;
        if (upstream)
            g_ptr_array_add(cfg->warnings,
                            g_strdup_printf(_("%1$s:%2$u: setting '%3$s' is not supported by this driver and is ignored"),
                                            conf->filename, e->line, e->name));
        else
            g_ptr_array_add(cfg->warnings,
                            g_strdup_printf(_("%1$s:%2$u: unknown setting '%3$s' is ignored"),
                                            conf->filename, e->line, e->name));
    }
}

/**
 * virQEMUConfCheckString:
 * @conf: parsed file (for the message)
 * @name: setting name
 * @value: its value
 *
 * Rejects empty strings and control characters.  Returns 0 or -1.
 */
static int
virQEMUConfCheckString(const virConf *conf, const char *name, const char *value)
{
    const virConfEntry *e = virConfLookup(conf, name);
    const char *p;

    for (p = value; *p; p++) {
        if (g_ascii_iscntrl(*p))
            break;
    }
    if (!*value || *p) {
        virReportError(VIR_ERR_CONF_SYNTAX,
                       _("%1$s:%2$u: '%3$s' must be a non-empty string without control characters"),
                       conf->filename, e ? e->line : 0, name);
        return -1;
    }
    return 0;
}

/**
 * virQEMUConfLoadSecurity:
 * @cfg: settings to update
 * @conf: parsed file
 *
 * security_driver (a string or a list), security_*_confined,
 * dynamic_ownership and remember_owner.
 * Returns 0 or -1 with an error.
 */
static int
virQEMUConfLoadSecurity(virQEMUConf *cfg, const virConf *conf)
{
    static const char * const known[] = { "none", "apparmor", "dac" };
    const virConfEntry *e = virConfLookup(conf, "security_driver");
    char **p;
    int rc;

    if ((rc = virConfGetValueStringList(conf, "security_driver", true,
                                        &cfg->securityDrivers)) < 0)
        return -1;
    for (p = rc > 0 ? cfg->securityDrivers : NULL; p && *p; p++) {
        if (!virQEMUConfNameIn(*p, known, G_N_ELEMENTS(known))) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: security driver '%3$s' is not supported (use apparmor, dac or none)"),
                           conf->filename, e->line, *p);
            return -1;
        }
        if (strcmp(*p, "none") == 0 && g_strv_length(cfg->securityDrivers) > 1) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: security driver 'none' cannot be combined with others"),
                           conf->filename, e->line);
            return -1;
        }
    }
    if (virConfGetValueBool(conf, "security_default_confined",
                            &cfg->securityDefaultConfined) < 0 ||
        virConfGetValueBool(conf, "security_require_confined",
                            &cfg->securityRequireConfined) < 0 ||
        virConfGetValueBool(conf, "dynamic_ownership", &cfg->dynamicOwnership) < 0 ||
        virConfGetValueBool(conf, "remember_owner", &cfg->rememberOwner) < 0)
        return -1;
    return 0;
}

/**
 * virQEMUConfLoadConf:
 * @cfg: settings to update
 * @conf: parsed qemu.conf
 *
 * Returns 0, or -1 with an error (a setting of the wrong type or with a
 * bad value).  Warnings about ignored settings go to @cfg->warnings.
 */
int
virQEMUConfLoadConf(virQEMUConf *cfg, const virConf *conf)
{
    unsigned int sandbox = 0;
    int rc;

    if ((rc = virConfGetValueString(conf, "bridge_helper", &cfg->bridgeHelper)) < 0)
        return -1;
    if (rc > 0) {
        const virConfEntry *e = virConfLookup(conf, "bridge_helper");

        if (virQEMUConfCheckString(conf, "bridge_helper", cfg->bridgeHelper) < 0)
            return -1;
        if (strchr(cfg->bridgeHelper, '/') && !g_path_is_absolute(cfg->bridgeHelper)) {
            virReportError(VIR_ERR_CONF_SYNTAX,
                           _("%1$s:%2$u: 'bridge_helper' must be an absolute path or a program name, not '%3$s'"),
                           conf->filename, e->line, cfg->bridgeHelper);
            return -1;
        }
    }

    if (virQEMUConfLoadSecurity(cfg, conf) < 0)
        return -1;

    if (cfg->privileged) {
        if (virConfGetValueString(conf, "user", &cfg->user) < 0 ||
            virConfGetValueString(conf, "group", &cfg->group) < 0 ||
            virQEMUConfCheckString(conf, "user", cfg->user) < 0 ||
            virQEMUConfCheckString(conf, "group", cfg->group) < 0)
            return -1;
    } else {
        const char *names[] = { "user", "group" };
        size_t i;

        for (i = 0; i < G_N_ELEMENTS(names); i++) {
            const virConfEntry *e = virConfLookup(conf, names[i]);

            if (e)
                g_ptr_array_add(cfg->warnings,
                                g_strdup_printf(_("%1$s:%2$u: '%3$s' only applies to qemu:///system and is ignored"),
                                                conf->filename, e->line, names[i]));
        }
    }

    if (virConfLookup(conf, "seccomp_sandbox")) {
        const virConfEntry *e = virConfLookup(conf, "seccomp_sandbox");

        if (e->value.type == VIR_CONF_INT && e->value.l == -1) {
            cfg->seccompSandbox = -1;
        } else {
            if (virConfGetValueUInt(conf, "seccomp_sandbox", &sandbox) < 0)
                return -1;
            if (sandbox > 1) {
                virReportError(VIR_ERR_CONF_SYNTAX,
                               _("%1$s:%2$u: 'seccomp_sandbox' must be -1, 0 or 1"),
                               conf->filename, e->line);
                return -1;
            }
            cfg->seccompSandbox = sandbox;
        }
    }

    virQEMUConfWarnIgnored(cfg, conf);
    return 0;
}

/**
 * virQEMUConfLoadFile:
 * @cfg: settings to update
 * @path: qemu.conf; a missing file leaves the defaults
 *
 * Returns 0, or -1 with an error naming the file and line.
 */
int
virQEMUConfLoadFile(virQEMUConf *cfg, const char *path)
{
    g_autoptr(virConf) conf = NULL;

    g_free(cfg->path);
    cfg->path = g_strdup(path);
    if (!(conf = virConfReadFile(path, true)))
        return -1;
    return virQEMUConfLoadConf(cfg, conf);
}

/**
 * virQEMUConfLoad:
 * @privileged: system mode
 * @configBaseDir: ~/.config/libvirt or /etc/libvirt
 *
 * Returns the settings of @configBaseDir/qemu.conf (caller frees), or NULL
 * with an error.
 */
virQEMUConf *
virQEMUConfLoad(bool privileged, const char *configBaseDir)
{
    g_autoptr(virQEMUConf) cfg = virQEMUConfNew(privileged);
    g_autofree char *path = g_build_filename(configBaseDir, "qemu.conf", NULL);

    if (virQEMUConfLoadFile(cfg, path) < 0)
        return NULL;
    return g_steal_pointer(&cfg);
}

/**
 * virQEMUConfFindProgram:
 * @name: program name (no '/')
 * @pathEnv: a $PATH-style list, or NULL
 * @extraDirs: NULL-terminated directories searched after @pathEnv
 *
 * Returns the first executable regular file found (caller frees), or NULL
 * (no error reported).
 */
char *
virQEMUConfFindProgram(const char *name,
                       const char *pathEnv,
                       const char * const *extraDirs)
{
    g_auto(GStrv) dirs = g_strsplit(pathEnv ? pathEnv : "", ":", -1);
    size_t i;

    for (i = 0; dirs[i]; i++) {
        g_autofree char *cand = NULL;

        if (!*dirs[i] || !g_path_is_absolute(dirs[i]))
            continue;
        cand = g_build_filename(dirs[i], name, NULL);
        if (g_file_test(cand, G_FILE_TEST_IS_REGULAR) && access(cand, X_OK) == 0)
            return g_steal_pointer(&cand);
    }
    for (i = 0; extraDirs && extraDirs[i]; i++) {
        g_autofree char *cand = g_build_filename(extraDirs[i], name, NULL);

        if (g_file_test(cand, G_FILE_TEST_IS_REGULAR) && access(cand, X_OK) == 0)
            return g_steal_pointer(&cand);
    }
    return NULL;
}

/**
 * virQEMUConfGetBridgeHelper:
 * @cfg: settings
 *
 * Resolves bridge_helper: an absolute path is returned as it is (whether
 * it works is checked where it is used); a name is searched in $PATH and
 * then in QEMU_BRIDGE_HELPER_DIRS, like upstream.
 *
 * Returns the path (caller frees), or NULL with an error.
 */
char *
virQEMUConfGetBridgeHelper(const virQEMUConf *cfg)
{
    static const char * const dirs[] = { QEMU_BRIDGE_HELPER_DIRS, NULL };
    char *path;

    if (g_path_is_absolute(cfg->bridgeHelper))
        return g_strdup(cfg->bridgeHelper);
    if (!(path = virQEMUConfFindProgram(cfg->bridgeHelper, g_getenv("PATH"), dirs))) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("cannot find the bridge helper '%1$s' in $PATH, /usr/libexec, /usr/lib/qemu or /usr/lib; set 'bridge_helper' in %2$s"),
                       cfg->bridgeHelper, cfg->path ? cfg->path : "qemu.conf");
        return NULL;
    }
    return path;
}
