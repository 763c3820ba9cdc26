/*
 * greeter.c — a one-intent plugin for AgentTests, compiled by the tests with plain
 * `cc -shared -fPIC -I SDK/include`. REPLY (a -D macro) tells generations apart. When the
 * configuration value "gate" names a file, the handler first creates "<gate>.started" and then
 * waits (up to 30 s) for the gate file to exist: a turn the test can hold in flight.
 */
#include "smartdesk.h"

#include <stdio.h>
#include <unistd.h>

#ifndef REPLY
#define REPLY "Hello from the first generation."
#endif

static const SDHostAPI *api;
static SDPlugin *self;

static const SDPluginDescriptor descriptor = SD_DESCRIPTOR("greeter", "1.0.0", "Says hello", 0);

SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) { return &descriptor; }

static int hello(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *gate = api->config_get(self, "gate");
    if (gate != NULL) {
        char started[4096];
        snprintf(started, sizeof started, "%s.started", gate);
        FILE *marker = fopen(started, "w");
        if (marker != NULL) fclose(marker);
        for (int i = 0; i < 30000 && access(gate, F_OK) != 0; i++) usleep(1000);
    }
    return api->say(turn, REPLY);
}

static const char *const examples[] = {
    "hello there", "hi there", "good morning", "hey how are you", "hello", "hi", "greetings",
    "good afternoon", "howdy", "hey there",
};

SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *host) {
    api = host;
    self = plugin;
    SDIntentSpec spec = {sizeof(SDIntentSpec), "greeter.hello", "say hello", examples,
                         sizeof examples / sizeof examples[0], NULL, 0, hello, NULL, 0};
    return api->register_intent(plugin, &spec);
}
