/* Money, dates, phone numbers and card masking: everything the plugin says or stores as text. */
#include "billing.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

void billing_format_money(int64_t cents, const char *symbol, char *out, size_t size) {
    if (size == 0) return;
    bool negative = cents < 0;
    uint64_t magnitude = negative ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
    uint64_t units = magnitude / 100;
    unsigned fraction = (unsigned)(magnitude % 100);

    /* Group the whole units in threes: 1234567 → "1,234,567". */
    char digits[32];
    snprintf(digits, sizeof digits, "%llu", (unsigned long long)units);
    char grouped[48];
    size_t length = strlen(digits), at = 0;
    for (size_t i = 0; i < length; i++) {
        if (i > 0 && (length - i) % 3 == 0) grouped[at++] = ',';
        grouped[at++] = digits[i];
    }
    grouped[at] = '\0';

    snprintf(out, size, "%s%s%s.%02u", negative ? "-" : "", symbol ? symbol : "", grouped, fraction);
}

bool billing_parse_money(const char *text, int64_t *cents) {
    if (text == NULL) return false;
    while (isspace((unsigned char)*text)) text++;
    bool negative = false;
    if (*text == '-' || *text == '+') negative = *text++ == '-';

    int64_t units = 0;
    int whole_digits = 0;
    for (; isdigit((unsigned char)*text) || *text == ','; text++) {
        if (*text == ',') continue;
        if (++whole_digits > 12) return false; /* nobody pays a trillion over the phone */
        units = units * 10 + (*text - '0');
    }
    int64_t fraction = 0;
    int fraction_digits = 0;
    if (*text == '.') {
        for (text++; isdigit((unsigned char)*text); text++) {
            if (++fraction_digits > 2) return false;
            fraction = fraction * 10 + (*text - '0');
        }
        if (fraction_digits == 1) fraction *= 10;
    }
    while (isspace((unsigned char)*text)) text++;
    if (*text != '\0' || whole_digits + fraction_digits == 0) return false;

    int64_t value = units * 100 + fraction;
    *cents = negative ? -value : value;
    return true;
}

static const char *ordinal_suffix(int day) {
    if (day % 100 >= 11 && day % 100 <= 13) return "th";
    switch (day % 10) {
    case 1: return "st";
    case 2: return "nd";
    case 3: return "rd";
    default: return "th";
    }
}

void billing_format_date(const char *iso_date, char *out, size_t size) {
    static const char *const months[] = {"January", "February", "March",     "April",   "May",      "June",
                                         "July",    "August",   "September", "October", "November", "December"};
    int year, month, day, consumed = 0;
    if (iso_date != NULL && sscanf(iso_date, "%4d-%2d-%2d%n", &year, &month, &day, &consumed) == 3 &&
        consumed == 10 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
        snprintf(out, size, "%s %d%s", months[month - 1], day, ordinal_suffix(day));
    } else {
        snprintf(out, size, "%s", iso_date ? iso_date : "");
    }
}

void billing_today(const char *turn_now, char out[11]) {
    int year, month, day;
    if (turn_now != NULL && sscanf(turn_now, "%4d-%2d-%2d", &year, &month, &day) == 3) {
        snprintf(out, 11, "%04d-%02d-%02d", year, month, day);
        return;
    }
    time_t now = time(NULL);
    struct tm parts;
    gmtime_r(&now, &parts);
    strftime(out, 11, "%Y-%m-%d", &parts);
}

void billing_card_last4(const char *text, char out[5]) {
    char last[4];
    int seen = 0;
    for (const char *p = text; p != NULL && *p; p++) {
        if (isdigit((unsigned char)*p)) last[seen++ % 4] = *p;
    }
    if (seen < 4) {
        out[0] = '\0';
        return;
    }
    for (int i = 0; i < 4; i++) out[i] = last[(seen + i) % 4];
    out[4] = '\0';
}

/* Appends "****" and the last four digits of [start, end) to out. */
static size_t put_masked(const char *start, const char *end, char *out, size_t at, size_t size) {
    char run[256];
    size_t length = (size_t)(end - start) < sizeof run ? (size_t)(end - start) : sizeof run - 1;
    memcpy(run, end - length, length);
    run[length] = '\0';
    char last4[5];
    billing_card_last4(run, last4);
    int written = snprintf(out + at, size - at, "****%s", last4);
    if (written < 0) return at;
    return at + (size_t)written < size ? at + (size_t)written : size - 1;
}

void billing_mask_digits(const char *text, char *out, size_t size) {
    if (size == 0) return;
    size_t at = 0;
    const char *p = text ? text : "";
    while (*p && at + 1 < size) {
        if (!isdigit((unsigned char)*p)) {
            out[at++] = *p++;
            continue;
        }
        /* A card number is 12 or more digits, often grouped by spaces or dashes ("4242 4242 …");
         * any other unbroken run of more than four digits is masked as well. */
        const char *end = p;
        int grouped = 0;
        while (*end) {
            if (isdigit((unsigned char)*end)) {
                grouped++;
                end++;
            } else if ((*end == ' ' || *end == '-') && isdigit((unsigned char)end[1])) {
                end++;
            } else {
                break;
            }
        }
        if (grouped < 12) {
            end = p;
            while (isdigit((unsigned char)*end)) end++;
        }
        if (grouped >= 12 || end - p > 4) {
            at = put_masked(p, end, out, at, size);
        } else {
            while (p < end && at + 1 < size) out[at++] = *p++;
        }
        p = end;
    }
    out[at] = '\0';
}

bool billing_digits_only(const char *text, char *out, size_t size) {
    size_t at = 0;
    for (const char *p = text; p != NULL && *p; p++) {
        if (!isdigit((unsigned char)*p)) continue;
        if (at + 1 >= size) return false;
        out[at++] = *p;
    }
    if (size > 0) out[at < size ? at : size - 1] = '\0';
    return at > 0;
}

bool billing_normalize_phone(const char *text, char *out, size_t size) {
    char digits[24];
    if (!billing_digits_only(text, digits, sizeof digits)) return false;
    size_t length = strlen(digits);
    bool plus = text != NULL && strchr(text, '+') != NULL;
    if (!plus && length == 10) {
        return (size_t)snprintf(out, size, "+1%s", digits) < size;
    }
    if (length < 7 || length > 15) return false;
    return (size_t)snprintf(out, size, "+%s", digits) < size;
}
