#ifndef SMARTDESK_SYNTHESIS_NOISE_H
#define SMARTDESK_SYNTHESIS_NOISE_H

/// Flite draws the noise of unvoiced speech (and clustergen's parameter generation) from the C
/// library's process-wide `rand()`. That makes the same text sound slightly different on every
/// run, and different again whenever other threads synthesise at the same time, because they all
/// pull from one shared sequence (behind one lock).
///
/// This target defines `rand()` in the host binary, which the dynamic linker prefers over the C
/// library's for every shared library, Flite included. A thread that has called
/// `sd_synthesis_noise_begin` gets numbers from a generator of its own, seeded as asked; every
/// other thread gets exactly what the C library would have given (`rand()` is `random()` there,
/// and `srand()` is left alone), so nothing else in the process sees a change.

/// Starts this thread's own sequence from `seed` (any value; 0 is allowed).
void sd_synthesis_noise_begin(unsigned long long seed);

/// Hands this thread back to the C library's shared sequence.
void sd_synthesis_noise_end(void);

/// Whether this binary's `rand()` is the one the process uses (false if the linker kept the C
/// library's, in which case synthesis works but is not reproducible).
int sd_synthesis_noise_is_interposed(void);

#endif
