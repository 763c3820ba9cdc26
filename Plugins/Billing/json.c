/* The little JSON the plugin needs: one top-level member of an object (tool arguments, the shared
 * customer record) and string literals for tool results. Bounded, never reads past the NUL. */
#include "billing.h"

#include <stdio.h>
#include <string.h>

static const char *skip_space(const char *p) {
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
    return p;
}

static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Reads the string literal at `p` (its opening quote) into out (when out is not NULL); returns the
 * position after its closing quote, or NULL when malformed or too long for out. */
static const char *read_string(const char *p, char *out, size_t size) {
    if (*p != '"') return NULL;
    size_t at = 0;
    for (p++; *p != '"'; p++) {
        if (*p == '\0' || (unsigned char)*p < 0x20) return NULL;
        char c = *p;
        if (c == '\\') {
            p++;
            switch (*p) {
            case '"': case '\\': case '/': c = *p; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'n': c = '\n'; break;
            case 'r': c = '\r'; break;
            case 't': c = '\t'; break;
            case 'u': {
                int code = 0;
                for (int i = 1; i <= 4; i++) {
                    int digit = hex_value(p[i]);
                    if (digit < 0) return NULL;
                    code = code * 16 + digit;
                }
                p += 4;
                c = code < 0x80 ? (char)code : '?'; /* nothing the plugin reads needs more */
                break;
            }
            default: return NULL;
            }
        }
        if (out != NULL) {
            if (at + 1 >= size) return NULL;
            out[at++] = c;
        }
    }
    if (out != NULL) out[at] = '\0';
    return p + 1;
}

/* Skips one JSON value of any kind; returns the position after it, or NULL when malformed. */
static const char *skip_value(const char *p) {
    p = skip_space(p);
    if (*p == '"') return read_string(p, NULL, 0);
    if (*p == '{' || *p == '[') {
        int depth = 0;
        while (*p) {
            if (*p == '"') {
                p = read_string(p, NULL, 0);
                if (p == NULL) return NULL;
                continue;
            }
            if (*p == '{' || *p == '[') depth++;
            if (*p == '}' || *p == ']') {
                if (--depth == 0) return p + 1;
            }
            p++;
        }
        return NULL;
    }
    const char *start = p; /* number, true, false, null */
    while (*p && strchr(" \t\r\n,}]", *p) == NULL) p++;
    return p > start ? p : NULL;
}

bool billing_json_member(const char *json, const char *key, char *out, size_t size) {
    if (json == NULL || key == NULL || size == 0) return false;
    const char *p = skip_space(json);
    if (*p++ != '{') return false;
    for (;;) {
        p = skip_space(p);
        if (*p == '}') return false;
        char name[SD_MAX_NAME + 1];
        const char *after = read_string(p, name, sizeof name);
        bool wanted = after != NULL && strcmp(name, key) == 0;
        if (after == NULL) after = read_string(p, NULL, 0); /* a long name: not ours, skip it */
        if (after == NULL) return false;
        p = skip_space(after);
        if (*p++ != ':') return false;
        p = skip_space(p);
        if (wanted) {
            if (*p == '"') return read_string(p, out, size) != NULL;
            if (*p == '-' || (*p >= '0' && *p <= '9')) {
                size_t at = 0;
                while ((*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '+' || *p == 'e' || *p == 'E') {
                    if (at + 1 >= size) return false;
                    out[at++] = *p++;
                }
                out[at] = '\0';
                return true;
            }
            return false;
        }
        p = skip_value(p);
        if (p == NULL) return false;
        p = skip_space(p);
        if (*p == ',') p++;
        else if (*p != '}') return false;
    }
}

bool billing_json_quote(const char *text, char *out, size_t size) {
    size_t at = 0;
#define PUT(c) do { if (at + 1 >= size) return false; out[at++] = (c); } while (0)
    PUT('"');
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
        if (*p == '"' || *p == '\\') {
            PUT('\\');
            PUT((char)*p);
        } else if (*p < 0x20) {
            char escaped[7];
            snprintf(escaped, sizeof escaped, "\\u%04x", *p);
            for (int i = 0; escaped[i]; i++) PUT(escaped[i]);
        } else {
            PUT((char)*p);
        }
    }
    PUT('"');
#undef PUT
    out[at] = '\0';
    return true;
}
