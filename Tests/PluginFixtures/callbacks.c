/* A skill with an action for the language model: `callback_request` (SD_TOOL_SIDE_EFFECTS) books a
 * call back for the caller, whose number the host fills in; `callback_count` (the operator's)
 * says how many were booked, so a test can see an action ran exactly once. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include "smartdesk.h"

static const SDHostAPI *api;
static atomic_int booked;

static int hours_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    return api->say(turn, "We're open nine to five.");
}

static int request_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)userdata;
    if (strstr(arguments, "\"phone\":\"+1555") == NULL) return api->tool_error(call, "no caller number");
    int number = atomic_fetch_add(&booked, 1) + 1;
    char result[128];
    snprintf(result, sizeof result, "{\"booked\":true,\"reference\":\"CB-%d\"}", number);
    return api->tool_result(call, result);
}

static int64_t callback_count(void) { return atomic_load(&booked); }

static const SDPluginDescriptor descriptor = SD_DESCRIPTOR("callbacks", "1.0.0", "Books call backs for the model", 0);

SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) { return &descriptor; }

SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *host) {
    api = host;
    static const char *const examples[] = {"what are your hours", "when are you open"};
    SDIntentSpec hours = {sizeof(SDIntentSpec), "callbacks.hours", "hear the opening hours", examples, 2, NULL, 0,
                          hours_handler, NULL, 0};
    SDToolSpec request = {sizeof(SDToolSpec), "callback_request", "Book a call back from the team",
                          "{\"type\":\"object\",\"properties\":{\"phone\":{\"type\":\"string\"},"
                          "\"when\":{\"type\":\"string\",\"description\":\"when to call\"}},\"required\":[\"phone\",\"when\"]}",
                          request_tool, NULL, SD_TOOL_FOR_MODEL | SD_TOOL_SIDE_EFFECTS, "phone"};
    SDTypedToolSpec count = {sizeof(SDTypedToolSpec), "callback_count", "How many call backs were booked",
                             SD_TYPE_INT64, NULL, 0, (void (*)(void))callback_count, 0, NULL};
    if (api->register_intent(plugin, &hours) != SD_OK) return SD_ERR;
    if (api->register_tool(plugin, &request) != SD_OK) return SD_ERR;
    return api->register_typed_tool(plugin, &count) == SD_OK ? SD_OK : SD_ERR;
}
