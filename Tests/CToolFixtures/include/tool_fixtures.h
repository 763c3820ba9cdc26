/*
 * tool_fixtures.h — plain C functions the typed-tool tests call through libffi, one or more for
 * every parameter and result type of SDValueType. Each is what a plugin author would register with
 * register_typed_tool; the tests declare the matching TypedToolSignature in Swift.
 */
#ifndef TOOL_FIXTURES_H
#define TOOL_FIXTURES_H

#include <stdbool.h>
#include <stdint.h>

/* int64 arguments and result: a + b. */
int64_t sd_fixture_add(int64_t a, int64_t b);

/* double and int64 arguments, double result: value * factor. */
double sd_fixture_scale(double value, int64_t factor);

/* double result a / b: 1 / 0 gives infinity, which the host must refuse. */
double sd_fixture_divide(double a, double b);

/* bool result. */
bool sd_fixture_is_even(int64_t n);

/* Three bool arguments: a && b && c. */
bool sd_fixture_all(bool a, bool b, bool c);

/* string and bool arguments, string result: "Hello, NAME!" (upper case when shout) in a
 * thread-local buffer; NULL when name is NULL. */
const char *sd_fixture_greet(const char *name, bool shout);

/* Returns its argument, copied into a thread-local buffer of 4,096 bytes (truncated). */
const char *sd_fixture_echo(const char *text);

/* One of each type: a * 1,000,000 + round(b * 1,000) + (c ? 100 : 0) + strlen(d), so a test
 * sees whether every argument arrived in its place. */
int64_t sd_fixture_mixed(int64_t a, double b, bool c, const char *d);

/* Sixteen int64 arguments (SD_MAX_PARAMS), ten of them passed on the stack on x86-64:
 * the sum of (i + 1) * a_i. */
int64_t sd_fixture_sum16(int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5,
                         int64_t a6, int64_t a7, int64_t a8, int64_t a9, int64_t a10, int64_t a11,
                         int64_t a12, int64_t a13, int64_t a14, int64_t a15);

/* Sixteen arguments of every type, more doubles than there are float argument registers:
 * d0 + 2 d1 + … + 9 d8 + i0 - i1 + i2 + (b0 ? 1000 : 0) + (b1 ? 2000 : 0) + strlen(s0) * 10000
 * + strlen(s1) * 100000. */
double sd_fixture_mix16(double d0, int64_t i0, double d1, bool b0, double d2, const char *s0,
                        double d3, int64_t i1, double d4, bool b1, double d5, const char *s1,
                        double d6, int64_t i2, double d7, double d8);

/* No arguments: 42. */
int64_t sd_fixture_answer(void);

/* No arguments, a NULL string. */
const char *sd_fixture_nothing(void);

/* No arguments, a string that is not UTF-8 ("\xff\xfe"). */
const char *sd_fixture_not_utf8(void);

#endif /* TOOL_FIXTURES_H */
