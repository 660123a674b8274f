/*
 * domain_sound_conf.c: parse and format <sound> and <audio>.
 *
 * As for the other small devices: a sound card or audio backend in a
 * form the model covers goes into it and the QEMU driver acts on it; any
 * other form (a host audio backend such as pulseaudio, backend
 * settings, other card models) is kept verbatim and refused at start.
 */
#include "domain_conf_priv.h"
#include "virerror.h"

#include <string.h>

#define VIR_FROM_THIS VIR_FROM_DOMAIN

VIR_ENUM_IMPL(virDomainSoundModel, VIR_DOMAIN_SOUND_MODEL_LAST,
              "ich9", "ich6", "ac97");
VIR_ENUM_IMPL(virDomainSoundCodec, VIR_DOMAIN_SOUND_CODEC_LAST,
              "duplex", "micro", "output");
VIR_ENUM_IMPL(virDomainAudio, VIR_DOMAIN_AUDIO_TYPE_LAST,
              "none", "spice");

/**
 * virDomainSoundDefFree:
 * See domain_conf_priv.h.
 */
void
virDomainSoundDefFree(virDomainSoundDef *sound)
{
    if (!sound)
        return;
    g_free(sound->codecs);
    g_free(sound->alias);
    g_free(sound);
}

/**
 * virDomainSoundChildParse:
 * A <codec type=> or <audio id=> child of a sound card into @sound.
 * Returns 1, 0 when the model cannot express it, -1 with an error for
 * a codec type upstream does not define or an id that is not a
 * positive number.
 */
static int
virDomainSoundChildParse(const xmlNode *node, virDomainSoundDef *sound)
{
    static const char * const codecAttrs[] = { "type", NULL };
    static const char * const audioAttrs[] = { "id", NULL };
    g_autofree char *type = NULL;
    int rc;
    int c;

    if (virXMLNodeNameEqual(node, "codec")) {
        if (sound->model == VIR_DOMAIN_SOUND_MODEL_AC97 ||
            !virDomainHasOnly(node, codecAttrs) ||
            !(type = virXMLPropString(node, "type")))
            return 0;
        if ((c = virDomainSoundCodecTypeFromString(type)) < 0) {
            virXMLReportInvalidValue(node, "type", type, NULL);
            return -1;
        }
        VIR_APPEND_ELEMENT(sound->codecs, sound->ncodecs, c);
        return 1;
    }
    if (virXMLNodeNameEqual(node, "audio")) {
        if (sound->audioId || !virDomainHasOnly(node, audioAttrs))
            return 0;
        if ((rc = virXMLPropUInt(node, "id", 10, 1, G_MAXINT, 0, &sound->audioId)) < 0)
            return -1;
        return rc;
    }
    return 0;
}

/**
 * virDomainSoundParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainSoundParseXML(xmlNode *node, unsigned int flags, virDomainDef *def)
{
    static const char * const attrs[] = { "model", NULL };
    g_autoptr(virDomainSoundDef) sound = g_new0(virDomainSoundDef, 1);
    g_autofree char *model = NULL;
    xmlNode *cur;
    int m;

    if (!virDomainAttrsOnly(node, attrs) ||
        !(model = virXMLPropString(node, "model")) ||
        (m = virDomainSoundModelTypeFromString(model)) < 0)
        return 0;
    sound->model = m;
    for (cur = virXMLChildElement(node); cur; cur = virXMLNextElement(cur)) {
        int rc;

        if (virXMLNodeNameEqual(cur, "codec") || virXMLNodeNameEqual(cur, "audio"))
            rc = virDomainSoundChildParse(cur, sound);
        else
            rc = virDomainDeviceCommonChild(cur, flags, &sound->alias, &sound->pci);
        if (rc <= 0)
            return rc;
    }
    VIR_APPEND_ELEMENT(def->sounds, def->nsounds, g_steal_pointer(&sound));
    return 1;
}

/**
 * virDomainSoundFormat:
 * See domain_conf_priv.h.
 */
void
virDomainSoundFormat(virXMLBuf *buf, const virDomainSoundDef *sound)
{
    g_auto(virXMLBuf) attrs = { 0 };
    g_auto(virXMLBuf) children = { 0 };
    size_t i;

    virXMLBufInitChild(&children, buf);
    virXMLBufAsprintf(&attrs, " model='%s'", virDomainSoundModelTypeToString(sound->model));
    for (i = 0; i < sound->ncodecs; i++)
        virXMLBufAsprintf(&children, "<codec type='%s'/>\n",
                          virDomainSoundCodecTypeToString(sound->codecs[i]));
    if (sound->audioId)
        virXMLBufAsprintf(&children, "<audio id='%u'/>\n", sound->audioId);
    virXMLBufEscapeString(&children, "<alias name='%s'/>\n", sound->alias);
    virPCIDeviceAddressFormat(&children, &sound->pci);
    virXMLFormatElement(buf, "sound", &attrs, &children, false);
}

/**
 * virDomainAudioParseXML:
 * See domain_conf_priv.h.
 */
int
virDomainAudioParseXML(xmlNode *node, unsigned int flags G_GNUC_UNUSED, virDomainDef *def)
{
    static const char * const attrs[] = { "id", "type", NULL };
    g_autofree virDomainAudioDef *audio = g_new0(virDomainAudioDef, 1);
    g_autofree char *type = NULL;
    int t;

    if (!virDomainHasOnly(node, attrs) ||
        !(type = virXMLPropString(node, "type")) ||
        (t = virDomainAudioTypeFromString(type)) < 0)
        return 0;
    audio->type = t;
    /* the id is how sound cards and displays name it: upstream's
     * schema requires it, a positive number */
    if (virXMLPropUInt(node, "id", 10, 1, G_MAXINT, VIR_XML_PROP_REQUIRED, &audio->id) < 0)
        return -1;
    VIR_APPEND_ELEMENT(def->audios, def->naudios, g_steal_pointer(&audio));
    return 1;
}

/**
 * virDomainAudioFormat:
 * See domain_conf_priv.h.
 */
void
virDomainAudioFormat(virXMLBuf *buf, const virDomainAudioDef *audio)
{
    virXMLBufAsprintf(buf, "<audio id='%u' type='%s'/>\n",
                      audio->id, virDomainAudioTypeToString(audio->type));
}
