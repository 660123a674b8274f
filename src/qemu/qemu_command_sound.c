/*
 * qemu_command_sound.c: -audiodev for <audio> and -device for <sound>
 *
 * Every sound card plays into an audio backend (QEMU 7.2 warns about a
 * card without one): the <audio> its <audio id=> names, else the first
 * <audio> of the domain, else one the driver adds, "audio1", of the kind
 * upstream's driver puts into a definition without <audio>: spice when
 * the domain has a SPICE display (the client plays the sound), none
 * otherwise (the host's sound system is never used by default).
 */
#include "qemu_command_priv.h"
#include "virerror.h"

#define VIR_FROM_THIS VIR_FROM_QEMU

/* QEMU's -audiodev driver of each <audio type=>. */
static const char * const qemuBuildAudioDrivers[] = {
    [VIR_DOMAIN_AUDIO_TYPE_NONE] = "none",
    [VIR_DOMAIN_AUDIO_TYPE_SPICE] = "spice",
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildAudioDrivers) == VIR_DOMAIN_AUDIO_TYPE_LAST);

/* The card of each <sound model=> and the capability that says the
 * binary has it. */
static const struct {
    const char *device;
    virQEMUCapsFlag cap;
    bool hda;            /* takes codecs on its bus ALIAS.0 */
} qemuBuildSoundCards[] = {
    [VIR_DOMAIN_SOUND_MODEL_ICH9] = { "ich9-intel-hda", QEMU_CAPS_DEVICE_ICH9_HDA, true },
    [VIR_DOMAIN_SOUND_MODEL_ICH6] = { "intel-hda", QEMU_CAPS_DEVICE_INTEL_HDA, true },
    [VIR_DOMAIN_SOUND_MODEL_AC97] = { "AC97", QEMU_CAPS_DEVICE_AC97, false },
};
G_STATIC_ASSERT(G_N_ELEMENTS(qemuBuildSoundCards) == VIR_DOMAIN_SOUND_MODEL_LAST);

/**
 * qemuBuildHasSpice:
 * True when @def has a SPICE display.
 */
static bool
qemuBuildHasSpice(const virDomainDef *def)
{
    size_t i;

    for (i = 0; i < def->ngraphics; i++) {
        if (def->graphics[i]->type == VIR_DOMAIN_GRAPHICS_TYPE_SPICE)
            return true;
    }
    return false;
}

/**
 * qemuBuildAudiodev:
 * -audiodev id=audio@id,driver=... for an audio backend of @type.
 * Returns 0 or -1 with an error (spice without a SPICE display).
 */
static int
qemuBuildAudiodev(qemuBuildContext *ctx, unsigned int id, virDomainAudioType type)
{
    g_autofree char *arg = NULL;

    if (type == VIR_DOMAIN_AUDIO_TYPE_SPICE && !qemuBuildHasSpice(ctx->def)) {
        virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                       _("<audio id='%1$u' type='spice'> needs a <graphics type='spice'>"), id);
        return -1;
    }
    arg = g_strdup_printf("id=audio%u,driver=%s", id, qemuBuildAudioDrivers[type]);
    qemuCommandAddArgPair(ctx, "-audiodev", arg);
    return 0;
}

/**
 * qemuBuildAudioArgs:
 * -audiodev for each <audio> (ids unique), or the one the driver adds
 * when sound cards have none.  Sets *@defaultId to the backend a card
 * without <audio id=> plays into (0: no card needs one).  Returns 0 or
 * -1 with an error.
 */
static int
qemuBuildAudioArgs(qemuBuildContext *ctx, unsigned int *defaultId)
{
    const virDomainDef *def = ctx->def;
    size_t i;
    size_t j;

    *defaultId = 0;
    for (i = 0; i < def->naudios; i++) {
        for (j = 0; j < i; j++) {
            if (def->audios[j]->id == def->audios[i]->id) {
                virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                               _("<audio id='%1$u'> appears more than once"),
                               def->audios[i]->id);
                return -1;
            }
        }
        if (qemuBuildAudiodev(ctx, def->audios[i]->id, def->audios[i]->type) < 0)
            return -1;
    }
    if (def->naudios > 0) {
        *defaultId = def->audios[0]->id;
    } else if (def->nsounds > 0) {
        *defaultId = 1;
        if (qemuBuildAudiodev(ctx, 1, qemuBuildHasSpice(def) ? VIR_DOMAIN_AUDIO_TYPE_SPICE
                                                             : VIR_DOMAIN_AUDIO_TYPE_NONE) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuBuildSoundAudioId:
 * The audio backend sound card @sound plays into.  Returns its id, or 0
 * with an error when the card names one the domain does not have.
 */
static unsigned int
qemuBuildSoundAudioId(const virDomainDef *def, const virDomainSoundDef *sound,
                      unsigned int defaultId)
{
    size_t i;

    if (!sound->audioId)
        return defaultId;
    for (i = 0; i < def->naudios; i++) {
        if (def->audios[i]->id == sound->audioId)
            return sound->audioId;
    }
    virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                   _("<sound model='%1$s'><audio id='%2$u'>: the domain has no <audio id='%2$u'>"),
                   virDomainSoundModelTypeToString(sound->model), sound->audioId);
    return 0;
}

/**
 * qemuBuildSoundCodecs:
 * The codecs of HDA card @alias: one device per <codec> (a duplex one
 * when there is none, as upstream), at codec address 0, 1, ... on the
 * card's bus, playing into @audiodev.  Returns 0 or -1 with an error.
 */
static int
qemuBuildSoundCodecs(qemuBuildContext *ctx, const virDomainSoundDef *sound,
                     const char *alias, const char *audiodev)
{
    static const virDomainSoundCodec duplex = VIR_DOMAIN_SOUND_CODEC_DUPLEX;
    const virDomainSoundCodec *codecs = sound->ncodecs ? sound->codecs : &duplex;
    size_t ncodecs = sound->ncodecs ? sound->ncodecs : 1;
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    g_autofree char *bus = g_strdup_printf("%s.0", alias);
    size_t i;

    for (i = 0; i < ncodecs; i++) {
        g_autofree char *driver = g_strdup_printf("hda-%s",
                                                  virDomainSoundCodecTypeToString(codecs[i]));
        g_autofree char *id = g_strdup_printf("%s-codec%zu", alias, i);
        JsonObject *props = json_object_new();

        json_object_set_string_member(props, "driver", driver);
        json_object_set_string_member(props, "id", id);
        json_object_set_string_member(props, "bus", bus);
        json_object_set_int_member(props, "cad", (gint64)i);
        json_object_set_string_member(props, "audiodev", audiodev);
        if (qemuCommandAddProps(ctx, "-device", props, "driver", json) < 0)
            return -1;
    }
    return 0;
}

/**
 * qemuBuildSoundArgs:
 * See qemu_command_priv.h.
 */
int
qemuBuildSoundArgs(qemuBuildContext *ctx)
{
    bool json = virQEMUCapsGet(ctx->caps, QEMU_CAPS_DEVICE_JSON);
    unsigned int defaultId;
    size_t i;

    if (qemuBuildAudioArgs(ctx, &defaultId) < 0)
        return -1;
    for (i = 0; i < ctx->def->nsounds; i++) {
        const virDomainSoundDef *sound = ctx->def->sounds[i];
        g_autofree char *alias = sound->alias ? g_strdup(sound->alias)
                                              : g_strdup_printf("sound%zu", i);
        g_autofree char *audiodev = NULL;
        g_autoptr(JsonObject) props = NULL;
        unsigned int audioId;

        if (!virQEMUCapsGet(ctx->caps, qemuBuildSoundCards[sound->model].cap)) {
            virReportError(VIR_ERR_CONFIG_UNSUPPORTED,
                           _("<sound model='%1$s'>: QEMU '%2$s' has no %3$s device"),
                           virDomainSoundModelTypeToString(sound->model), ctx->caps->binary,
                           qemuBuildSoundCards[sound->model].device);
            return -1;
        }
        if (!(audioId = qemuBuildSoundAudioId(ctx->def, sound, defaultId)))
            return -1;
        audiodev = g_strdup_printf("audio%u", audioId);
        props = json_object_new();
        json_object_set_string_member(props, "driver", qemuBuildSoundCards[sound->model].device);
        json_object_set_string_member(props, "id", alias);
        if (!qemuBuildSoundCards[sound->model].hda)
            json_object_set_string_member(props, "audiodev", audiodev);
        if (qemuBuildPCIAddressProps(ctx, props, &sound->pci, alias) < 0 ||
            qemuCommandAddProps(ctx, "-device", g_steal_pointer(&props), "driver", json) < 0)
            return -1;
        if (qemuBuildSoundCards[sound->model].hda &&
            qemuBuildSoundCodecs(ctx, sound, alias, audiodev) < 0)
            return -1;
    }
    return 0;
}
