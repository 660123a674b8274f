/*
 * domain_sound_conf.h: sound cards and audio backends: <sound
 * model='ich9|ich6|ac97'> and <audio id= type='none|spice'/>.  Parsed
 * and formatted by domain_sound_conf.c; included by domain_conf.h.
 */
#pragma once

#include "virenum.h"

typedef enum {
    VIR_DOMAIN_SOUND_MODEL_ICH9,   /* ich9-intel-hda with codecs */
    VIR_DOMAIN_SOUND_MODEL_ICH6,   /* intel-hda with codecs */
    VIR_DOMAIN_SOUND_MODEL_AC97,

    VIR_DOMAIN_SOUND_MODEL_LAST
} virDomainSoundModel;
VIR_ENUM_DECL(virDomainSoundModel);

/* <codec type=> of an HDA card. */
typedef enum {
    VIR_DOMAIN_SOUND_CODEC_DUPLEX,
    VIR_DOMAIN_SOUND_CODEC_MICRO,
    VIR_DOMAIN_SOUND_CODEC_OUTPUT,

    VIR_DOMAIN_SOUND_CODEC_LAST
} virDomainSoundCodec;
VIR_ENUM_DECL(virDomainSoundCodec);

/* <sound model=> with <codec type=> children, <audio id=>, <alias> and
 * a PCI <address>; any other form stays unmodelled. */
typedef struct _virDomainSoundDef virDomainSoundDef;
struct _virDomainSoundDef {
    virDomainSoundModel model;
    virDomainSoundCodec *codecs;  /* none: one duplex codec (HDA) */
    size_t ncodecs;
    unsigned int audioId;         /* <audio id=>, 0 when absent */
    char *alias;
    virPCIDeviceAddress pci;
};

/* <audio type=>: the backends that need nothing from the host. */
typedef enum {
    VIR_DOMAIN_AUDIO_TYPE_NONE,   /* sound goes nowhere */
    VIR_DOMAIN_AUDIO_TYPE_SPICE,  /* to the SPICE client */

    VIR_DOMAIN_AUDIO_TYPE_LAST
} virDomainAudioType;
VIR_ENUM_DECL(virDomainAudio);

/* <audio id= type=/> without children; other backends (pulseaudio,
 * alsa, ...) stay unmodelled. */
typedef struct _virDomainAudioDef virDomainAudioDef;
struct _virDomainAudioDef {
    unsigned int id;              /* >= 1 */
    virDomainAudioType type;
};
