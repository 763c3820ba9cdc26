/* A skill that answers with facts for the language model to put into words (defer_to_llm):
 * the practice's cancellation policy. Used by the agent's language-model tests. */
#include "smartdesk.h"

static const SDHostAPI *api;

static int policy_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    return api->defer_to_llm(turn, "{\"late_cancellation_fee_dollars\":25,\"notice_hours\":24,\"first_time_waived\":true}");
}

static const SDPluginDescriptor descriptor = SD_DESCRIPTOR("facts", "1.0.0", "Answers policy questions from facts", 0);

SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) { return &descriptor; }

SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *host) {
    api = host;
    static const char *const examples[] = {
        "what's your cancellation policy",
        "do you charge if I cancel late",
        "is there a fee for missing an appointment",
        "how much notice do I need to give to cancel",
    };
    SDIntentSpec spec = {sizeof(SDIntentSpec), "facts.cancellation_policy", "hear the cancellation policy",
                         examples, 4, NULL, 0, policy_handler, NULL, 0};
    return api->register_intent(plugin, &spec) == SD_OK ? SD_OK : SD_ERR;
}
