#include "tool_fixtures.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

int64_t sd_fixture_add(int64_t a, int64_t b) { return a + b; }

double sd_fixture_scale(double value, int64_t factor) { return value * (double)factor; }

double sd_fixture_divide(double a, double b) { return a / b; }

bool sd_fixture_is_even(int64_t n) { return n % 2 == 0; }

bool sd_fixture_all(bool a, bool b, bool c) { return a && b && c; }

/* Typed tools return strings the plugin owns; a thread-local buffer keeps concurrent calls apart. */
static _Thread_local char greeting[256];

const char *sd_fixture_greet(const char *name, bool shout) {
    if (name == NULL) {
        return NULL;
    }
    snprintf(greeting, sizeof greeting, "Hello, %s!", name);
    if (shout) {
        for (char *p = greeting; *p != '\0'; p++) {
            *p = (char)toupper((unsigned char)*p);
        }
    }
    return greeting;
}

static _Thread_local char echoed[4096];

const char *sd_fixture_echo(const char *text) {
    snprintf(echoed, sizeof echoed, "%s", text);
    return echoed;
}

int64_t sd_fixture_mixed(int64_t a, double b, bool c, const char *d) {
    return a * 1000000 + (int64_t)llround(b * 1000.0) + (c ? 100 : 0) + (int64_t)strlen(d);
}

int64_t sd_fixture_sum16(int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5,
                         int64_t a6, int64_t a7, int64_t a8, int64_t a9, int64_t a10, int64_t a11,
                         int64_t a12, int64_t a13, int64_t a14, int64_t a15) {
    return 1 * a0 + 2 * a1 + 3 * a2 + 4 * a3 + 5 * a4 + 6 * a5 + 7 * a6 + 8 * a7 + 9 * a8 + 10 * a9
        + 11 * a10 + 12 * a11 + 13 * a12 + 14 * a13 + 15 * a14 + 16 * a15;
}

double sd_fixture_mix16(double d0, int64_t i0, double d1, bool b0, double d2, const char *s0,
                        double d3, int64_t i1, double d4, bool b1, double d5, const char *s1,
                        double d6, int64_t i2, double d7, double d8) {
    return d0 + 2 * d1 + 3 * d2 + 4 * d3 + 5 * d4 + 6 * d5 + 7 * d6 + 8 * d7 + 9 * d8
        + (double)(i0 - i1 + i2) + (b0 ? 1000 : 0) + (b1 ? 2000 : 0)
        + (double)strlen(s0) * 10000 + (double)strlen(s1) * 100000;
}

int64_t sd_fixture_answer(void) { return 42; }

const char *sd_fixture_nothing(void) { return NULL; }

const char *sd_fixture_not_utf8(void) { return "\xff\xfe"; }
