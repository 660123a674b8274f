/*
 * network_conf_priv.h: pieces shared by the files of the network XML
 * layer (network_conf.c, network_postparse.c, network_validate.c).  Not
 * for use outside src/conf.
 */
#pragma once

#include "network_conf.h"

/* Post-parse: generated uuid, bridge MAC, effective prefixes.
 * Returns 0 or -1 with an error reported. */
int virNetworkDefPostParse(virNetworkDef *def);

/* Validate combinations, ranges, subnets and names of one definition.
 * Returns 0 or -1 with one error reported. */
int virNetworkDefValidate(const virNetworkDef *def);
