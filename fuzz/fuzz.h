/*
 * fuzz.h: the libFuzzer entry point, declared for the -Wmissing-prototypes
 * build (the gcc replay driver compiles the targets as ordinary code).
 */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
