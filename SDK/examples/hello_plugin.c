/*
 * hello_plugin.c — a complete SmartDesk plugin in plain C, written to be read top to bottom.
 *
 * It answers "when are you open?", takes call-back requests, and offers two tools to an LLM or an
 * operator. Everything it uses comes from one header, smartdesk.h; it links nothing else.
 *
 *   cc -shared -fPIC -I SDK/include -o libhello.so SDK/examples/hello_plugin.c
 *   smartdesk chat --plugin ./libhello.so
 *
 * The life of a plugin: the host calls sd_plugin_describe() to see what the library is, then
 * sd_plugin_init() once, where the plugin registers what it can do. From then on the host calls
 * the plugin's handlers and tools, on its own threads, until it calls sd_plugin_unload().
 */
#include "smartdesk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * 1. The descriptor.
 *
 * sd_plugin_describe() returns a description of the plugin: its name (lower-case, also the prefix
 * of its intents and per-call keys), a version and one line about it. SD_DESCRIPTOR fills in the
 * struct size and the ABI version this file was compiled against, which is how the host knows it
 * can load the library. The function must not do anything else: the host may call it just to list
 * plugins, without ever calling init. A static const struct is the whole answer.
 */
static const SDPluginDescriptor hello_descriptor =
    SD_DESCRIPTOR("hello", "1.0.0", "Opening hours and call-back requests", 0);

SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) {
    return &hello_descriptor;
}

/*
 * 2. What the plugin keeps between calls.
 *
 * The host table and this plugin's handle arrive in sd_plugin_init and stay valid until
 * sd_plugin_unload returns, so keeping the two pointers is fine. Nothing else is kept here: a turn
 * (SDTurn *) is valid only while its handler runs, and the strings the host hands over during a
 * turn die with it. Anything a later turn needs goes back to the host as a per-call value (see 5).
 */
static const SDHostAPI *host;
static SDPlugin *self;

/*
 * 3. Configuration with a default.
 *
 * config_get reads this plugin's section of smartdesk.toml:
 *
 *   [plugins.hello]
 *   business_name = "Sunny Side Dental"
 *
 * It answers NULL when the key is not set, so every read comes with a default. The string belongs
 * to the host and stays valid until unload: using it straight away, as here, needs no copy.
 */
static const char *business_name(void) {
    const char *name = host->config_get(self, "business_name");
    return name != NULL && name[0] != '\0' ? name : "Sunny Side Dental";
}

/*
 * 4. An intent answered with say: "hello.opening_hours".
 *
 * An intent is a name, a one-line description and example phrases. The host embeds the phrases
 * and routes a caller's sentence to the intent whose examples it resembles most, so write them as
 * callers really speak, and vary them: short and long, questions and statements.
 *
 * The handler answers with host->say. It also shows per-call values: call_get/call_set keep small
 * strings for the length of one call (shared with other plugins, so prefix keys with the plugin's
 * name). Here one counts how often this caller has asked. call_get's string belongs to the host, so
 * the handler copies what it needs (the number, parsed) before calling call_set, which replaces it.
 */
static const char *const opening_hours_examples[] = {
    "when are you open",
    "what are your hours",
    "what time do you open",
    "what time do you close today",
    "are you open on Saturday",
    "are you open on Sundays",
    "how late are you open",
    "what are your opening hours",
    "are you open right now",
    "when can I come in",
    "are you open this weekend",
    "what days are you open",
};

static int handle_opening_hours(SDTurn *turn, void *userdata) {
    (void)userdata;

    const char *asked = host->call_get(turn, "hello.hours_asked");
    int count = (asked != NULL ? (int)strtol(asked, NULL, 10) : 0) + 1;
    char count_text[16];
    snprintf(count_text, sizeof count_text, "%d", count);
    host->call_set(turn, "hello.hours_asked", count_text);

    char reply[SD_MAX_TEXT + 1];
    snprintf(reply, sizeof reply,
             "%s%s is open Monday to Friday from 9 AM to 5 PM, and on Saturday from 10 AM to 2 PM. "
             "We're closed on Sundays.",
             count > 1 ? "Sure, once more: " : "", business_name());
    return host->say(turn, reply);
}

/*
 * 5. An intent with a required slot: "hello.callback".
 *
 * A slot is a piece of information the intent needs, with a type and the question that asks for
 * it. The host fills slots from what the caller said ("call me back at half past three" fills
 * `time` with "15:30") and asks the question for a required slot that is still missing, so by the
 * time the handler runs, turn_slot(turn, "time") is there, in the canonical form of its type.
 *
 * The handler also writes a log line (host->log copies the message, so a stack buffer is fine) and
 * stores the time as a per-call value: the way to keep something for a later turn without keeping
 * the turn. turn_caller is the caller ID, or NULL when the number is withheld.
 */
static const char *const callback_examples[] = {
    "can someone call me back",
    "please call me back later",
    "I'd like a call back",
    "can you have someone phone me",
    "call me back at three thirty",
    "could somebody ring me back this afternoon",
    "I can't talk now, can you call me later",
    "have the office call me back please",
    "I'd like to schedule a callback",
    "can you call me tomorrow morning",
};

static const SDSlotSpec callback_slots[] = {
    {sizeof(SDSlotSpec), "time", "time", "What time should we call you back?", 0},
};

static int handle_callback(SDTurn *turn, void *userdata) {
    (void)userdata;

    const char *time_slot = host->turn_slot(turn, "time"); /* "15:30" */
    int hour, minute;
    if (time_slot == NULL || sscanf(time_slot, "%d:%d", &hour, &minute) != 2 || hour < 0 || hour > 23 ||
        minute < 0 || minute > 59) {
        return host->ask_slot(turn, "time", "Sorry, what time was that?");
    }

    char spoken[16]; /* "3:30 PM" */
    snprintf(spoken, sizeof spoken, "%d:%02d %s", hour % 12 == 0 ? 12 : hour % 12, minute, hour < 12 ? "AM" : "PM");
    host->call_set(turn, "hello.callback_time", time_slot);

    const char *caller = host->turn_caller(turn);
    char line[256];
    snprintf(line, sizeof line, "call-back requested for %s by %s", time_slot,
             caller != NULL ? caller : "a withheld number");
    host->log(self, SD_LOG_INFO, line);

    char reply[SD_MAX_TEXT + 1];
    snprintf(reply, sizeof reply, "Okay, we'll call you back at %s.", spoken);
    return host->say(turn, reply);
}

/*
 * 6. A JSON tool: "hello_hours".
 *
 * A JSON tool is how an LLM (or an operator with `smartdesk tools call`) asks the plugin for
 * facts. It declares its arguments as a JSON Schema; the host checks the call against it and hands
 * the arguments over as a JSON object. The tool answers with exactly one of tool_result (a JSON
 * value, copied by the host) or tool_error (a message). This one reads {"day": "saturday"}: the
 * tiny reader below is enough for one string member; a bigger plugin would use a JSON library.
 */
static const char hello_hours_schema[] =
    "{\"type\":\"object\","
    "\"properties\":{\"day\":{\"type\":\"string\",\"description\":\"a day of the week, e.g. saturday\"}},"
    "\"required\":[\"day\"]}";

static const struct { const char *day; const char *open; const char *close; } week[] = {
    {"monday", "09:00", "17:00"}, {"tuesday", "09:00", "17:00"}, {"wednesday", "09:00", "17:00"},
    {"thursday", "09:00", "17:00"}, {"friday", "09:00", "17:00"}, {"saturday", "10:00", "14:00"},
    {"sunday", NULL, NULL},
};

/* Copies the string value of "day" in lower case; 0 when there is none that fits. */
static int read_day(const char *json, char *out, size_t size) {
    const char *p = strstr(json, "\"day\"");
    if (p == NULL) return 0;
    p += 5;
    while (*p == ' ' || *p == ':') p++;
    if (*p++ != '"') return 0;
    size_t length = 0;
    while (*p != '"' && *p != '\0' && length + 1 < size) {
        char c = *p++;
        out[length++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
    }
    out[length] = '\0';
    return *p == '"' && length > 0;
}

static int hello_hours(SDToolCall *call, const char *arguments_json, void *userdata) {
    (void)userdata;
    char day[16];
    if (!read_day(arguments_json, day, sizeof day)) {
        host->tool_error(call, "expected {\"day\": \"monday\"}");
        return SD_ERR;
    }
    for (size_t i = 0; i < sizeof week / sizeof week[0]; i++) {
        if (strcmp(week[i].day, day) != 0) continue;
        char result[128];
        if (week[i].open == NULL) {
            snprintf(result, sizeof result, "{\"day\":\"%s\",\"closed\":true}", day);
        } else {
            snprintf(result, sizeof result, "{\"day\":\"%s\",\"closed\":false,\"open\":\"%s\",\"close\":\"%s\"}", day,
                     week[i].open, week[i].close);
        }
        return host->tool_result(call, result);
    }
    host->tool_error(call, "unknown day; use monday … sunday");
    return SD_ERR;
}

/*
 * 7. A typed tool: hello_minutes_until_close.
 *
 * A typed tool is an ordinary C function. The plugin declares its parameter and result types; the
 * host derives the JSON Schema, converts the JSON arguments and calls the function directly. No
 * JSON in sight. (A typed tool that returns a string returns memory it owns, valid until it is
 * called again on the same thread: a static thread-local buffer does it.)
 */
static int64_t hello_minutes_until_close(int64_t hour, int64_t minute) {
    if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return -1;
    int64_t now = hour * 60 + minute, close = 17 * 60; /* weekdays */
    return now < close ? close - now : 0;
}

static const SDTypedParam minutes_until_close_params[] = {
    {"hour", SD_TYPE_INT64, "the hour, 0-23"},
    {"minute", SD_TYPE_INT64, "the minute, 0-59"},
};

/*
 * 8. sd_plugin_init: keep the table, then register, flat.
 *
 * Registration works only here. Each spec starts with its size, and the host copies everything it
 * is handed (names, phrases, schemas), so the specs can live on the stack. A refused registration
 * answers SD_ERR and its reason is in the host's log; the plugin then answers SD_ERR itself and is
 * not loaded.
 */
#define COUNT(array) ((uint32_t)(sizeof(array) / sizeof((array)[0])))

SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *api) {
    host = api;
    self = plugin;

    const SDIntentSpec opening_hours = {
        sizeof(SDIntentSpec), "hello.opening_hours", "hear our opening hours",
        opening_hours_examples, COUNT(opening_hours_examples), NULL, 0, handle_opening_hours, NULL, 0};
    const SDIntentSpec callback = {
        sizeof(SDIntentSpec), "hello.callback", "ask for a call back",
        callback_examples, COUNT(callback_examples), callback_slots, COUNT(callback_slots), handle_callback, NULL, 0};
    const SDToolSpec hours_tool = {
        sizeof(SDToolSpec), "hello_hours", "Opening and closing time on a day of the week",
        hello_hours_schema, hello_hours, NULL,
        /* ABI 1.1: the agent's language model may call it to answer a caller; it reads no
         * customer's data, so there is no caller_param to fill in */
        SD_TOOL_FOR_MODEL, NULL};
    const SDTypedToolSpec minutes_tool = {
        sizeof(SDTypedToolSpec), "hello_minutes_until_close",
        "Minutes from a weekday time until closing (0 when closed)",
        SD_TYPE_INT64, minutes_until_close_params, COUNT(minutes_until_close_params),
        (void (*)(void))hello_minutes_until_close, SD_TOOL_FOR_MODEL, NULL};

    if (api->register_intent(plugin, &opening_hours) != SD_OK) return SD_ERR;
    if (api->register_intent(plugin, &callback) != SD_OK) return SD_ERR;
    if (api->register_tool(plugin, &hours_tool) != SD_OK) return SD_ERR;
    if (api->register_typed_tool(plugin, &minutes_tool) != SD_OK) return SD_ERR;

    char line[256];
    snprintf(line, sizeof line, "hello ready for %s", business_name());
    api->log(plugin, SD_LOG_INFO, line);
    return SD_OK;
}

/*
 * 9. sd_plugin_unload.
 *
 * Called once, after the last handler of this plugin has returned: release what init acquired
 * (this plugin holds nothing but the two pointers). The host's strings and table are still valid
 * during this call and not after.
 */
SD_EXPORT void sd_plugin_unload(SDPlugin *plugin) {
    host->log(plugin, SD_LOG_INFO, "hello unloaded");
    host = NULL;
    self = NULL;
}
