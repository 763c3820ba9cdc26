#define _GNU_SOURCE
#include "synthesis_noise.h"

#include <dlfcn.h>
#include <stdlib.h>

static __thread int noise_active;
static __thread unsigned long long noise_state;

void sd_synthesis_noise_begin(unsigned long long seed) {
    noise_state = seed;
    noise_active = 1;
}

void sd_synthesis_noise_end(void) {
    noise_active = 0;
}

/// splitmix64: one multiply-xorshift step per number, good enough for excitation noise and
/// independent of the platform's RAND_MAX.
static unsigned long long next_noise(void) {
    unsigned long long z = (noise_state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

int rand(void) {
    if (noise_active) {
        return (int)(next_noise() % ((unsigned long long)RAND_MAX + 1ULL));
    }
    /* glibc's rand() is random() on the shared state that srand() seeds. */
    return (int)random();
}

int sd_synthesis_noise_is_interposed(void) {
    int (*found)(void) = (int (*)(void))dlsym(RTLD_DEFAULT, "rand");
    return found == rand;
}
