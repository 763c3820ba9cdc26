/*
 * smartdesk.h — the SmartDesk plugin ABI. One header for the host and for every plugin.
 *
 * A plugin is a shared library that exports
 *
 *   const SDPluginDescriptor *sd_plugin_describe(void);            required, no side effects
 *   int  sd_plugin_init(SDPlugin *plugin, const SDHostAPI *api);   required
 *   void sd_plugin_unload(SDPlugin *plugin);                       optional
 *   int  sd_plugin_configure(SDPlugin *plugin);                    optional (config-only reload)
 *
 * The host calls sd_plugin_describe() first and checks the descriptor (ABI major equal, ABI minor
 * not newer than the host's, struct size, name) before any other plugin code runs. It then calls
 * sd_plugin_init() with a table of host functions; the plugin registers its intents, tools and
 * hooks through that table and answers SD_OK, or SD_ERR to refuse loading (the host then drops
 * everything it registered). sd_plugin_unload() runs once, when the plugin's generation is retired
 * and its last turn has ended.
 *
 * Prefixes: SD_ for macros and constants, SD for types, sd_ for functions.
 *
 * Compatibility: every struct that crosses the boundary starts with its size. Fields are only ever
 * appended. The host reads a plugin's struct only up to the size the plugin wrote, and a plugin must
 * check `api->size` (or a function pointer for NULL, via SD_HAS) before using a host function that
 * was appended after SD_ABI_MINOR 0.
 *
 * Ownership (the whole contract):
 *  - Strings and arrays a plugin passes to the host are read during the call and copied; the plugin
 *    keeps ownership and may free them as soon as the call returns.
 *  - Strings the host returns to a plugin belong to the host. Turn strings (sd_turn_*, call values,
 *    the summary) stay valid until the handler returns; plugin-scoped strings (configuration, the
 *    data directory) stay valid until sd_plugin_unload() returns.
 *  - The SDHostAPI table and the SDPlugin * handle stay valid until sd_plugin_unload() returns; keep
 *    them. If sd_plugin_init() answers SD_ERR, sd_plugin_unload() is still called once (so a plugin
 *    can clean up in one place) before the library is closed.
 *  - Each load (and reload) dlopens a fresh copy of the file, so every generation has its own
 *    globals; files and databases a plugin keeps in its data directory are shared between them.
 *  - SDPlugin *, SDTurn * and SDToolCall * are opaque handles owned by the host. An SDTurn or
 *    SDToolCall is valid only during the handler or tool call it was passed to; using it later is an
 *    error the host detects (SD_ERR), never a crash. Do not keep them.
 *  - A typed tool returning a string returns memory the plugin owns; it must stay valid until that
 *    tool is called again on the same thread (a static or thread-local buffer is the usual answer).
 *  - Every string is NUL-terminated UTF-8. The host rejects strings over the SD_MAX_* limits below.
 *
 * Threads: handlers, hooks and tools run on host threads, concurrently for different calls, so a
 * plugin guards its own shared state. Each runs under a deadline; one that overruns is abandoned
 * (the caller hears a graceful reply, the plugin is marked degraded) and its late answers are
 * ignored. A retired generation is unloaded only after every handler running in it has returned.
 * sd_plugin_describe, init, configure and unload run under a (longer) deadline too: an init that
 * hangs refuses the load. SD_PLUGIN_PERMANENT plugins still get sd_plugin_unload at host shutdown.
 *
 * Arrays of versioned structs (SDSlotSpec) are read with the first element's `size` as the
 * stride: every element of one array has the same size. SDTypedParam has no size field and is
 * frozen: it will never grow (a successor struct would get a new registration function).
 */
#ifndef SMARTDESK_H
#define SMARTDESK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* MARK: Versions and status codes */

#define SD_ABI_MAJOR 1
#define SD_ABI_MINOR 1

#define SD_OK 0
#define SD_ERR 1

/* Symbols the host looks up with dlsym. */
#define SD_DESCRIBE_SYMBOL "sd_plugin_describe"
#define SD_INIT_SYMBOL "sd_plugin_init"
#define SD_UNLOAD_SYMBOL "sd_plugin_unload"
#define SD_CONFIGURE_SYMBOL "sd_plugin_configure"

/* Mark the exported functions of a plugin. */
#define SD_EXPORT __attribute__((visibility("default")))

/* Limits the host enforces on everything a plugin hands it (bytes, excluding the NUL). */
#define SD_MAX_NAME 64            /* plugin, intent, slot, tool and parameter names */
#define SD_MAX_TEXT 1024          /* descriptions, example phrases, questions, spoken text */
#define SD_MAX_EXAMPLES 500       /* example phrases per intent */
#define SD_MAX_SLOTS 16           /* slots per intent */
#define SD_MAX_PARAMS 16          /* parameters per typed tool */
#define SD_MAX_VALUE 4096         /* per-call values, configuration values */
#define SD_MAX_JSON 65536         /* tool arguments, tool results, schemas, facts */

/* Log levels for api->log. */
#define SD_LOG_DEBUG 0
#define SD_LOG_INFO 1
#define SD_LOG_WARNING 2
#define SD_LOG_ERROR 3

/* MARK: Opaque handles */

typedef struct SDPlugin SDPlugin;     /* one loaded generation of a plugin */
typedef struct SDTurn SDTurn;         /* one caller turn (or the start of a call) being handled */
typedef struct SDToolCall SDToolCall; /* one invocation of a JSON tool */

/* MARK: Descriptor */

/* Descriptor flags. */
#define SD_PLUGIN_PERMANENT (1u << 0)   /* never unload or reload this plugin */
#define SD_PLUGIN_KEEP_MAPPED (1u << 1) /* after retirement, keep the image mapped (no dlclose);
                                           Swift plugins set this: the Swift runtime keeps
                                           pointers into every image it has seen */

typedef struct SDPluginDescriptor {
    uint32_t size;        /* sizeof(SDPluginDescriptor) */
    uint16_t abi_major;   /* SD_ABI_MAJOR */
    uint16_t abi_minor;   /* SD_ABI_MINOR */
    const char *name;     /* [a-z0-9_-], 1..SD_MAX_NAME; unique among loaded plugins */
    const char *version;  /* free text, e.g. "1.2.0" */
    const char *description;
    uint32_t flags;       /* SD_PLUGIN_* */
} SDPluginDescriptor;

/* Fills a descriptor with this header's sizes and versions. */
#define SD_DESCRIPTOR(name_, version_, description_, flags_) \
    { sizeof(SDPluginDescriptor), SD_ABI_MAJOR, SD_ABI_MINOR, (name_), (version_), (description_), (flags_) }

/* MARK: Intents */

/*
 * Slot types (the `type` of SDSlotSpec) and the canonical text the host hands a handler:
 *   "date"         2026-12-01
 *   "time"         15:30 (24-hour)
 *   "duration"     minutes, as an integer: 90
 *   "money"        amount with two decimals: 42.50, or "all" when the caller asks for the whole
 *                  amount ("all of it", "the full balance"); the skill knows what that is
 *   "digits"       the digits only: 4271
 *   "phone_number" E.164 when it is a 10/11-digit North-American number: +15551234567, else digits
 *   "email"        lower-case address: ana@example.com
 *   "yes_no"       yes | no
 *   "text"         the caller's words as heard
 */
#define SD_SLOT_OPTIONAL (1u << 0) /* not asked for before the handler runs; a handler may ask */

typedef struct SDSlotSpec {
    uint32_t size;        /* sizeof(SDSlotSpec) */
    const char *name;     /* [a-z0-9_], unique within the intent */
    const char *type;     /* one of the slot types above */
    const char *question; /* what the agent asks when the slot is missing */
    uint32_t flags;       /* SD_SLOT_* */
} SDSlotSpec;

/* Handles one turn routed to an intent. Answer through the turn functions of SDHostAPI and return
 * SD_OK, or SD_ERR when it failed (the caller hears an apology; the failure is logged). */
typedef int (*SDIntentHandler)(SDTurn *turn, void *userdata);

#define SD_INTENT_ESCALATION (1u << 0) /* the host routes escalations here (explicit requests,
                                          repeated misunderstandings, frustration) */
#define SD_INTENT_SIDE_EFFECTS (1u << 1) /* the intent acts (pays, books, cancels, changes data,
                                            transfers): the host starts it only on a match as sure
                                            as the operator's target precision, and it must have a
                                            yes_no slot, the read-back the caller confirms before
                                            anything is done. Intents without it only answer and
                                            are decided at the lower answer precision. */

typedef struct SDIntentSpec {
    uint32_t size;               /* sizeof(SDIntentSpec) */
    const char *name;            /* "billing.pay": [a-z0-9_.], unique across all plugins */
    const char *description;     /* one line, also used when clarifying: "pay your bill" */
    const char *const *examples; /* example phrases (at least one) */
    uint32_t example_count;
    const SDSlotSpec *slots;     /* may be NULL when slot_count is 0 */
    uint32_t slot_count;
    SDIntentHandler handler;     /* required */
    void *userdata;              /* passed back to the handler untouched */
    uint32_t flags;              /* SD_INTENT_* */
} SDIntentSpec;

/* Runs when a call starts, before the greeting; may say text (the greeting then becomes what the
 * hooks said), set per-call values and the customer record. */
typedef int (*SDCallStartHandler)(SDTurn *turn, void *userdata);

/* MARK: Tools */

/* A JSON tool: read `arguments_json` (an object matching the registered schema), then answer with
 * exactly one of api->tool_result (a JSON value) or api->tool_error. Return SD_OK after a result;
 * after tool_error either code is taken as failure. */
typedef int (*SDToolFunction)(SDToolCall *call, const char *arguments_json, void *userdata);

/* Tool flags (ABI 1.1; a spec without them is an operator's tool only). */
#define SD_TOOL_FOR_MODEL (1u << 0)    /* the agent's language model may call it during a call, to
                                          answer the caller */
#define SD_TOOL_SIDE_EFFECTS (1u << 1) /* it acts (pays, books, changes data): when the model calls
                                          it, the host reads the call back to the caller and runs
                                          it only on a yes */

/* caller_param (ABI 1.1): the name of a string parameter the host fills with the caller's number
 * on every call the model makes. It is hidden from the model, so a caller can only ever reach
 * their own records; while the caller's number is unknown the tool is not offered at all. A tool
 * for the model that takes a customer's phone, account or id should have one. */

typedef struct SDToolSpec {
    uint32_t size;               /* sizeof(SDToolSpec) */
    const char *name;            /* [a-z0-9_], unique across all plugins */
    const char *description;
    const char *parameters_json; /* JSON Schema of the arguments: {"type":"object","properties":…} */
    SDToolFunction function;
    void *userdata;
    /* ABI 1.1 */
    uint32_t flags;              /* SD_TOOL_* */
    const char *caller_param;    /* NULL, or a string property of parameters_json */
} SDToolSpec;

/* Types of typed-tool parameters and results. */
typedef enum SDValueType {
    SD_TYPE_INT64 = 1,  /* int64_t */
    SD_TYPE_DOUBLE = 2, /* double */
    SD_TYPE_BOOL = 3,   /* bool */
    SD_TYPE_STRING = 4  /* const char * */
} SDValueType;

typedef struct SDTypedParam {
    const char *name;        /* [a-z0-9_] */
    SDValueType type;
    const char *description;
} SDTypedParam;

/*
 * A typed tool is a plain C function, e.g.
 *     int64_t loyalty_points(const char *customer_id, bool include_pending);
 * declared with its parameter and result types. The host calls it through libffi with the arguments
 * taken from the JSON an LLM (or an operator) sends, and derives the JSON Schema itself.
 */
typedef struct SDTypedToolSpec {
    uint32_t size;               /* sizeof(SDTypedToolSpec) */
    const char *name;
    const char *description;
    SDValueType result;
    const SDTypedParam *params;  /* may be NULL when param_count is 0 */
    uint32_t param_count;
    void (*function)(void);      /* the function, cast: (void (*)(void))loyalty_points */
    /* ABI 1.1 */
    uint32_t flags;              /* SD_TOOL_* */
    const char *caller_param;    /* NULL, or the name of a SD_TYPE_STRING parameter */
} SDTypedToolSpec;

/* MARK: Host functions */

typedef struct SDHostAPI {
    uint32_t size;      /* sizeof(SDHostAPI) as the host was built */
    uint16_t abi_major;
    uint16_t abi_minor;

    /* Registration: only during sd_plugin_init. SD_ERR when invalid (the reason is logged and the
     * load is refused after init returns). */
    int (*register_intent)(SDPlugin *plugin, const SDIntentSpec *spec);
    int (*register_tool)(SDPlugin *plugin, const SDToolSpec *spec);
    int (*register_typed_tool)(SDPlugin *plugin, const SDTypedToolSpec *spec);
    int (*on_call_start)(SDPlugin *plugin, SDCallStartHandler handler, void *userdata);

    /* Plugin services: any time between init and unload, from any thread. */
    void (*log)(SDPlugin *plugin, int level, const char *message);
    /* The value of `key` in the host's configuration for this plugin ([plugins.NAME] in
     * smartdesk.toml), or NULL when not set. Values can change on a config-only reload (after
     * which sd_plugin_configure runs); a returned string stays valid until unload. */
    const char *(*config_get)(SDPlugin *plugin, const char *key);
    /* A directory this plugin may write its own data to (created by the host). */
    const char *(*data_dir)(SDPlugin *plugin);

    /* Reading the turn. Strings are NULL when absent. */
    const char *(*turn_utterance)(SDTurn *turn);  /* what the caller said ("" at call start) */
    const char *(*turn_intent)(SDTurn *turn);     /* the routed intent's name */
    double (*turn_confidence)(SDTurn *turn);      /* similarity of the best match, 0…1 (0 once closed) */
    const char *(*turn_slot)(SDTurn *turn, const char *slot); /* canonical text (see slot types) */
    const char *(*turn_entities_json)(SDTurn *turn); /* [{"kind":"date","value":"2026-12-01","text":"next tuesday"},…] */
    const char *(*turn_caller)(SDTurn *turn);     /* caller ID, E.164 when known */
    const char *(*turn_now)(SDTurn *turn);        /* the business's local time: 2026-11-25T14:05:00 */

    /* Per-call values, shared by every plugin for the length of the call. Keys [a-z0-9_.]; by
     * convention prefixed with the plugin's name ("billing.account"). */
    const char *(*call_get)(SDTurn *turn, const char *key);
    int (*call_set)(SDTurn *turn, const char *key, const char *value); /* NULL value removes */
    /* The customer record (a JSON object) shared by all plugins; NULL until someone sets it. The
     * bundled CRM plugin sets "id", "name", "first_name", "phone", "email" and "account". */
    const char *(*customer_get)(SDTurn *turn);
    int (*customer_set)(SDTurn *turn, const char *json_object);

    /* Answering. A handler may say up to 32 things a turn; ask_slot, request_transfer, end_call
     * and defer_to_llm are at most one each per turn (a second call answers SD_ERR). */
    int (*say)(SDTurn *turn, const char *text);
    /* Asks the caller for `slot` of the routed intent (declared in its spec, required or
     * SD_SLOT_OPTIONAL); its current value is cleared, the next answer fills it and the handler
     * runs again with every other slot as it was. The question spoken is `question`, said after
     * anything the handler said; with `question` NULL it is the declared question, unless the
     * handler said something this turn, whose words are then taken to be the question. */
    int (*ask_slot)(SDTurn *turn, const char *slot, const char *question);
    /* The caller should talk to a person; the host records a handoff with a summary. */
    int (*request_transfer)(SDTurn *turn, const char *reason);
    /* End the call after what was said has been spoken. */
    int (*end_call)(SDTurn *turn);
    /* Let the LLM phrase the answer from these facts (a JSON object). Until an LLM is configured
     * the host answers with a clear fallback. */
    int (*defer_to_llm)(SDTurn *turn, const char *facts_json);
    /* The extractive summary of the call so far (intents, slots, outcomes, the caller's last
     * words), for handoff records. */
    const char *(*turn_summary)(SDTurn *turn);

    /* JSON tools answer with exactly one of these. */
    int (*tool_result)(SDToolCall *call, const char *json);
    int (*tool_error)(SDToolCall *call, const char *message);
} SDHostAPI;

/* True when the host's table has `field` (a plugin built against a newer header on an older host
 * must check functions appended after ABI 1.0 before calling them). */
#define SD_HAS(api, field) \
    ((api) != NULL && (api)->size >= offsetof(SDHostAPI, field) + sizeof((api)->field) && (api)->field != NULL)

/* MARK: Entry points (the plugin defines these) */

typedef const SDPluginDescriptor *(*SDDescribeFunction)(void);
typedef int (*SDInitFunction)(SDPlugin *plugin, const SDHostAPI *api);
typedef void (*SDUnloadFunction)(SDPlugin *plugin);
typedef int (*SDConfigureFunction)(SDPlugin *plugin);

#ifdef __cplusplus
}
#endif

#endif /* SMARTDESK_H */
