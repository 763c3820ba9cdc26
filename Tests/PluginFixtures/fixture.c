/*
 * fixture.c — the test plugin of PluginHostTests, compiled by the tests with `cc -shared -fPIC`
 * into variants chosen with -D macros:
 *
 *   PLUGIN_NAME="\"alpha\""   name of the plugin; intents are NAME.x, tools NAME_x (default alpha)
 *   REPLY="\"v1\""            what the echo intent says (tells generations apart)
 *   FLAGS=n                   descriptor flags (SD_PLUGIN_*)
 *   ABI_MAJOR=n ABI_MINOR=n   the ABI the descriptor claims
 *   DESCRIPTOR_SIZE=n         the descriptor size it claims
 *   DESCRIPTOR_NAME="\"x\""   a descriptor name other than PLUGIN_NAME
 *   NO_DESCRIBE NO_INIT NULL_DESCRIPTOR INIT_FAILS HANG_INIT=ms MISSING_SYMBOL
 *   BAD_SLOT_TYPE NO_EXAMPLES NO_HANDLER NO_QUESTION SMALL_SPEC BAD_SCHEMA BAD_TYPED
 *   SIDE_EFFECTS_NO_CONFIRM UNKNOWN_INTENT_FLAG
 *   CLAIM_INTENT="\"x\"" CLAIM_TOOL="\"x\""   also register a name another plugin owns
 *   CHAOS                     also register NAME.crash, .abort, .hang, .leak and .summary (faults for
 *                             process isolation, and a turn_summary reader)
 *   CRASH_INIT                dereference NULL inside sd_plugin_init
 */
#include <stddef.h>
#include "smartdesk.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef PLUGIN_NAME
#define PLUGIN_NAME "alpha"
#endif
#ifndef REPLY
#define REPLY "v1"
#endif
#ifndef FLAGS
#define FLAGS 0
#endif
#ifndef ABI_MAJOR
#define ABI_MAJOR SD_ABI_MAJOR
#endif
#ifndef ABI_MINOR
#define ABI_MINOR SD_ABI_MINOR
#endif
#ifndef DESCRIPTOR_SIZE
#define DESCRIPTOR_SIZE sizeof(SDPluginDescriptor)
#endif
#ifndef DESCRIPTOR_NAME
#define DESCRIPTOR_NAME PLUGIN_NAME
#endif

#define N(suffix) PLUGIN_NAME suffix

static const SDHostAPI *api;
static SDPlugin *self;

/* What a handler that overran its deadline got back from the host when it finally ran on. */
static atomic_int late_say = -1;
static atomic_int late_read_null = -1;
/* A turn handle kept past its handler (a bug the host must survive). */
static SDTurn *_Atomic kept_turn;

/* MARK: Intent handlers */

/* Says REPLY: which generation answered. */
static int echo_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    return api->say(turn, REPLY);
}

/* Blocks until the file named by the call value test.gate exists, then says REPLY. */
static int block_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *gate = api->call_get(turn, "test.gate");
    if (gate == NULL) return SD_ERR;
    for (int i = 0; i < 120000 && access(gate, F_OK) != 0; i++) usleep(1000);  /* up to 2 min: a sanitizer build is slow */
    return api->say(turn, REPLY);
}

/* Sleeps for the slot ms, then tries to answer on its (by then closed) turn. */
static int sleep_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *ms = api->turn_slot(turn, "ms");
    int milliseconds = ms ? atoi(ms) : 1000;
    usleep((useconds_t)milliseconds * 1000);
    late_say = api->say(turn, "too late");
    late_read_null = api->turn_utterance(turn) == NULL;
    return SD_OK;
}

/* Keeps its turn handle for use_kept. */
static int keep_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    kept_turn = turn;
    return api->say(turn, "kept");
}

static int use_kept_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    char text[128];
    SDTurn *old = kept_turn;
    int said = api->say(old, "stale");
    const char *read = api->turn_utterance(old);
    snprintf(text, sizeof text, "stale say=%d read=%s", said, read ? read : "NULL");
    return api->say(turn, text);
}

/* Reads everything a turn offers and tries every answer, valid and invalid; says what it got. */
static int context_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    char text[1024];
    const char *date = api->turn_slot(turn, "date");
    const char *in = api->call_get(turn, "test.in");
    char in_copy[64];
    snprintf(in_copy, sizeof in_copy, "%s", in ? in : "NULL");
    int set = api->call_set(turn, N(".out"), "1");
    int removed = api->call_set(turn, "test.in", NULL);
    const char *after = api->call_get(turn, "test.in");
    const char *out = api->call_get(turn, N(".out"));
    int customer_bad = api->customer_set(turn, "[1]");
    int customer = api->customer_set(turn, "{\"id\":7}");
    const char *record = api->customer_get(turn);
    int ask_bad = api->ask_slot(turn, "nope", NULL);
    int ask = api->ask_slot(turn, "date", NULL);
    int ask_again = api->ask_slot(turn, "note", "Any note?");
    int transfer = api->request_transfer(turn, "wants a person");
    int end = api->end_call(turn);
    int defer_bad = api->defer_to_llm(turn, "{oops");
    int deferred = api->defer_to_llm(turn, "{\"balance\":42.5}");
    int say_bad = api->say(turn, "\xff\xfe");
    char long_text[2000];
    memset(long_text, 'a', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = 0;
    int say_long = api->say(turn, long_text);
    int say_null = api->say(turn, NULL);
    int key_bad = api->call_set(turn, "Bad Key", "x");
    const char *caller = api->turn_caller(turn);
    snprintf(text, sizeof text,
             "date=%s in=%s after=%s out=%s customer=%s utterance=%s intent=%s conf=%.2f caller=%s now=%s "
             "summary=%s entities=%s",
             date ? date : "NULL", in_copy, after ? after : "NULL", out ? out : "NULL", record ? record : "NULL",
             api->turn_utterance(turn), api->turn_intent(turn), api->turn_confidence(turn),
             caller ? caller : "NULL", api->turn_now(turn), api->turn_summary(turn), api->turn_entities_json(turn));
    api->say(turn, text);
    snprintf(text, sizeof text, "rc=%d%d%d%d%d%d%d%d%d%d%d%d%d%d%d", set, removed, customer_bad, customer, ask_bad,
             ask, ask_again, transfer, end, defer_bad, deferred, say_bad, say_long, say_null, key_bad);
    return api->say(turn, text);
}

/* Calls host functions with handles that are not what they claim to be. */
static int bogus_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    char text[128];
    SDIntentSpec spec = {0};
    snprintf(text, sizeof text, "bogus=%d%d%d%d%d%d%d",
             api->say(NULL, "x"),
             api->say((SDTurn *)(uintptr_t)0xdeadbeef, "x"),
             api->call_set((SDTurn *)self, "a.b", "x"),
             api->register_intent(self, &spec),
             api->tool_result((SDToolCall *)turn, "1"),
             api->turn_utterance((SDTurn *)(uintptr_t)12345) == NULL,
             api->config_get((SDPlugin *)turn, "greeting") == NULL);
    return api->say(turn, text);
}

/* Says its configuration value and data directory. */
static int config_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *greeting = api->config_get(self, "greeting");
    const char *directory = api->data_dir(self);
    api->say(turn, greeting ? greeting : "(none)");
    return api->say(turn, directory ? directory : "(no directory)");
}

static int fail_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    api->say(turn, "half an answer");
    return SD_ERR;
}

/* Greets at call start and leaves a per-call value the next plugin's hook can read. */
static int start_hook(SDTurn *turn, void *userdata) {
    (void)userdata;
    char text[160];
    const char *previous = api->call_get(turn, "alpha.started");
    snprintf(text, sizeof text, "hello from %s (alpha.started=%s)", PLUGIN_NAME, previous ? previous : "none");
    api->say(turn, text);
    return api->call_set(turn, N(".started"), "yes");
}

#ifdef CHAOS
/* Dereferences NULL: SIGSEGV. */
static int crash_handler(SDTurn *turn, void *userdata) {
    (void)turn;
    (void)userdata;
    volatile int *nowhere = NULL;
    return *nowhere;
}

static int abort_handler(SDTurn *turn, void *userdata) {
    (void)turn;
    (void)userdata;
    abort();
}

/* Never returns. */
static int hang_handler(SDTurn *turn, void *userdata) {
    (void)turn;
    (void)userdata;
    for (;;) sleep(1);
}

/* Allocates the slot's megabytes (default 64), touches them and never frees them (kept in a
 * global, or the compiler drops the allocation). */
static char *volatile leaked;
static int leak_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *mb = api->turn_slot(turn, "mb");
    size_t bytes = (size_t)(mb ? atoi(mb) : 64) << 20;
    char *block = malloc(bytes);
    if (block != NULL) memset(block, 1, bytes);
    leaked = block;
    return api->say(turn, "leaked");
}

static int summary_handler(SDTurn *turn, void *userdata) {
    (void)userdata;
    const char *summary = api->turn_summary(turn);
    return api->say(turn, summary ? summary : "NULL");
}
#endif

#ifdef MISSING_SYMBOL
extern int sd_fixture_function_nobody_defines(void);
static int missing_handler(SDTurn *turn, void *userdata) {
    (void)turn;
    (void)userdata;
    return sd_fixture_function_nobody_defines();
}
#endif

/* MARK: Tools */

static int echo_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)userdata;
    return api->tool_result(call, arguments);
}

static int bad_json_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)arguments;
    (void)userdata;
    api->tool_result(call, "{oops");
    return SD_OK;
}

static int error_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)arguments;
    (void)userdata;
    api->tool_error(call, "account locked");
    return SD_ERR;
}

static int fail_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)call;
    (void)arguments;
    (void)userdata;
    return SD_ERR;
}

static int silent_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)call;
    (void)arguments;
    (void)userdata;
    return SD_OK;
}

static int slow_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)arguments;
    (void)userdata;
    usleep(3000 * 1000);
    return api->tool_result(call, "1");
}

/* Reports what the overrunning handler got back. */
static int late_tool(SDToolCall *call, const char *arguments, void *userdata) {
    (void)arguments;
    (void)userdata;
    char json[128];
    snprintf(json, sizeof json, "{\"late_say\":%d,\"late_read_null\":%d}", (int)late_say, (int)late_read_null);
    return api->tool_result(call, json);
}

static int64_t add(int64_t a, int64_t b) { return a + b; }

static const char *reply(void) { return REPLY; }

/* MARK: Entry points */

#ifndef NO_DESCRIBE
SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) {
#ifdef NULL_DESCRIPTOR
    return NULL;
#else
    static const SDPluginDescriptor descriptor = {
        DESCRIPTOR_SIZE, ABI_MAJOR, ABI_MINOR, DESCRIPTOR_NAME, "1.0-" REPLY, "the test plugin", FLAGS,
    };
    return &descriptor;
#endif
}
#endif

static void check(int status, const char *what) {
    if (status != SD_OK) {
        char text[160];
        snprintf(text, sizeof text, "registration refused: %s", what);
        api->log(self, SD_LOG_WARNING, text);
    }
}

static const char *const examples[] = {"say something", "echo please"};

#ifndef NO_INIT
SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *host) {
    api = host;
    self = plugin;
    api->log(plugin, SD_LOG_INFO, "init " PLUGIN_NAME " " REPLY);
#ifdef HANG_INIT
    usleep(HANG_INIT * 1000);
#endif
#ifdef CRASH_INIT
    {
        volatile int *nowhere = NULL;
        *nowhere = 1;
    }
#endif
    static const SDSlotSpec context_slots[] = {
        {sizeof(SDSlotSpec), "date", "date", "Which date?", 0},
        {sizeof(SDSlotSpec), "note", "text", "Anything to add?", SD_SLOT_OPTIONAL},
    };
    static const SDSlotSpec sleep_slots[] = {{sizeof(SDSlotSpec), "ms", "digits", "How long?", SD_SLOT_OPTIONAL}};
#ifdef CHAOS
    static const SDSlotSpec leak_slots[] = {{sizeof(SDSlotSpec), "mb", "digits", "How much?", SD_SLOT_OPTIONAL}};
#endif
    const struct {
        const char *name;
        SDIntentHandler handler;
        const SDSlotSpec *slots;
        uint32_t slot_count;
        uint32_t flags;
    } intents[] = {
        {N(".echo"), echo_handler, NULL, 0, 0},
        {N(".block"), block_handler, NULL, 0, 0},
        {N(".sleep"), sleep_handler, sleep_slots, 1, 0},
        {N(".keep"), keep_handler, NULL, 0, 0},
        {N(".use_kept"), use_kept_handler, NULL, 0, 0},
        {N(".context"), context_handler, context_slots, 2, 0},
        {N(".bogus"), bogus_handler, NULL, 0, 0},
        {N(".config"), config_handler, NULL, 0, 0},
        {N(".fail"), fail_handler, NULL, 0, 0},
        {N(".human"), echo_handler, NULL, 0, SD_INTENT_ESCALATION},
#ifdef MISSING_SYMBOL
        {N(".missing"), missing_handler, NULL, 0, 0},
#endif
#ifdef CHAOS
        {N(".crash"), crash_handler, NULL, 0, 0},
        {N(".abort"), abort_handler, NULL, 0, 0},
        {N(".hang"), hang_handler, NULL, 0, 0},
        {N(".leak"), leak_handler, leak_slots, 1, 0},
        {N(".summary"), summary_handler, NULL, 0, 0},
#endif
    };
    for (size_t i = 0; i < sizeof intents / sizeof intents[0]; i++) {
        SDIntentSpec spec = {sizeof(SDIntentSpec), intents[i].name, "a test intent", examples, 2,
                             intents[i].slots, intents[i].slot_count, intents[i].handler, NULL, intents[i].flags};
        check(api->register_intent(plugin, &spec), intents[i].name);
    }

    const struct {
        const char *name;
        SDToolFunction function;
    } tools[] = {
        {N("_echo"), echo_tool}, {N("_bad_json"), bad_json_tool}, {N("_error"), error_tool},
        {N("_fail"), fail_tool}, {N("_silent"), silent_tool}, {N("_slow"), slow_tool},
        {N("_late"), late_tool},
    };
    for (size_t i = 0; i < sizeof tools / sizeof tools[0]; i++) {
        SDToolSpec spec = {sizeof(SDToolSpec), tools[i].name, "a test tool",
                           "{\"type\":\"object\",\"properties\":{}}", tools[i].function, NULL};
        check(api->register_tool(plugin, &spec), tools[i].name);
    }
    {
        /* A tool whose arguments the host checks against this schema before echo_tool sees them. */
        SDToolSpec spec = {sizeof(SDToolSpec), N("_pay"), "a payment",
                           "{\"type\":\"object\",\"properties\":{\"amount\":{\"type\":\"number\",\"minimum\":0},"
                           "\"method\":{\"type\":\"string\",\"enum\":[\"card\",\"bank\"]},"
                           "\"items\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}},"
                           "\"required\":[\"amount\"],\"additionalProperties\":false}",
                           echo_tool, NULL};
        check(api->register_tool(plugin, &spec), N("_pay"));
    }

    static const SDTypedParam add_params[] = {
        {"a", SD_TYPE_INT64, "first number"},
        {"b", SD_TYPE_INT64, "second number"},
    };
    SDTypedToolSpec add_spec = {sizeof(SDTypedToolSpec), N("_add"), "adds two numbers", SD_TYPE_INT64,
                                add_params, 2, (void (*)(void))add};
    check(api->register_typed_tool(plugin, &add_spec), "add");
    SDTypedToolSpec reply_spec = {sizeof(SDTypedToolSpec), N("_reply"), "the reply", SD_TYPE_STRING, NULL, 0,
                                  (void (*)(void))reply};
    check(api->register_typed_tool(plugin, &reply_spec), "reply");
    check(api->on_call_start(plugin, start_hook, NULL), "hook");

    /* Invalid registrations, one per variant. */
#ifdef BAD_SLOT_TYPE
    {
        SDSlotSpec slots[] = {{sizeof(SDSlotSpec), "when", "datetime", "When?", 0}};
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 1, slots, 1, echo_handler, NULL, 0};
        check(api->register_intent(plugin, &spec), "bad slot type");
    }
#endif
#ifdef NO_QUESTION
    {
        SDSlotSpec slots[] = {{sizeof(SDSlotSpec), "when", "date", NULL, 0}};
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 1, slots, 1, echo_handler, NULL, 0};
        check(api->register_intent(plugin, &spec), "no question");
    }
#endif
#ifdef NO_EXAMPLES
    {
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 0, NULL, 0, echo_handler, NULL, 0};
        check(api->register_intent(plugin, &spec), "no examples");
    }
#endif
#ifdef NO_HANDLER
    {
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 1, NULL, 0, NULL, NULL, 0};
        check(api->register_intent(plugin, &spec), "no handler");
    }
#endif
#ifdef SIDE_EFFECTS_NO_CONFIRM
    {
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 1, NULL, 0, echo_handler, NULL,
                             SD_INTENT_SIDE_EFFECTS};
        check(api->register_intent(plugin, &spec), "side effects without a read-back");
    }
#endif
#ifdef UNKNOWN_INTENT_FLAG
    {
        SDIntentSpec spec = {sizeof(SDIntentSpec), N(".bad"), "bad", examples, 1, NULL, 0, echo_handler, NULL, 1u << 7};
        check(api->register_intent(plugin, &spec), "unknown flag");
    }
#endif
#ifdef SMALL_SPEC
    {
        SDIntentSpec spec = {8, N(".bad"), "bad", examples, 1, NULL, 0, echo_handler, NULL, 0};
        check(api->register_intent(plugin, &spec), "small spec");
    }
#endif
#ifdef BAD_SCHEMA
    {
        SDToolSpec spec = {sizeof(SDToolSpec), N("_bad"), "bad", "{\"type\":\"array\"}", echo_tool, NULL};
        check(api->register_tool(plugin, &spec), "bad schema");
    }
#endif
#ifdef BAD_CALLER_PARAM
    {
        SDToolSpec spec = {sizeof(SDToolSpec), N("_bad"), "bad",
                           "{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}", echo_tool, NULL,
                           SD_TOOL_FOR_MODEL, "n"};
        check(api->register_tool(plugin, &spec), "caller parameter not a string");
    }
#endif
#ifdef UNKNOWN_TOOL_FLAG
    {
        static const SDTypedParam phone[] = {{"phone", SD_TYPE_STRING, "a phone"}};
        SDTypedToolSpec spec = {sizeof(SDTypedToolSpec), N("_bad"), "bad", SD_TYPE_STRING, phone, 1,
                                (void (*)(void))reply, 1u << 5, "phone"};
        check(api->register_typed_tool(plugin, &spec), "unknown tool flag");
    }
#endif
#ifdef MODEL_TOOLS
    {
        /* ABI 1.1: offered to the model, bound to the caller's number. */
        SDToolSpec spec = {sizeof(SDToolSpec), N("_mine"), "the caller's own",
                           "{\"type\":\"object\",\"properties\":{\"phone\":{\"type\":\"string\"},\"day\":{\"type\":\"string\"}},"
                           "\"required\":[\"phone\",\"day\"]}", echo_tool, NULL, SD_TOOL_FOR_MODEL, "phone"};
        check(api->register_tool(plugin, &spec), "model tool");
        /* ABI 1.0 size: the operator's alone, whatever follows in memory. */
        SDToolSpec old = {offsetof(SDToolSpec, flags), N("_old"), "an old plugin's tool",
                          "{\"type\":\"object\",\"properties\":{}}", echo_tool, NULL, SD_TOOL_FOR_MODEL, "phone"};
        check(api->register_tool(plugin, &old), "old tool");
    }
#endif
#ifdef BAD_TYPED
    {
        SDTypedParam params[] = {{"x", (SDValueType)9, "?"}};
        SDTypedToolSpec spec = {sizeof(SDTypedToolSpec), N("_bad"), "bad", SD_TYPE_INT64, params, 1,
                                (void (*)(void))add};
        check(api->register_typed_tool(plugin, &spec), "bad typed tool");
    }
#endif
#ifdef CLAIM_INTENT
    {
        SDIntentSpec spec = {sizeof(SDIntentSpec), CLAIM_INTENT, "mine", examples, 1, NULL, 0, echo_handler, NULL, 0};
        check(api->register_intent(plugin, &spec), "claim intent");
    }
#endif
#ifdef CLAIM_TOOL
    {
        SDToolSpec spec = {sizeof(SDToolSpec), CLAIM_TOOL, "mine", "{\"type\":\"object\"}", echo_tool, NULL};
        check(api->register_tool(plugin, &spec), "claim tool");
    }
#endif
#ifdef INIT_FAILS
    return SD_ERR;
#else
    return SD_OK;
#endif
}
#endif

SD_EXPORT void sd_plugin_unload(SDPlugin *plugin) {
    api->log(plugin, SD_LOG_INFO, "unloading " PLUGIN_NAME " " REPLY);
}

SD_EXPORT int sd_plugin_configure(SDPlugin *plugin) {
    const char *greeting = api->config_get(plugin, "greeting");
    if (greeting != NULL && strcmp(greeting, "fail") == 0) return SD_ERR;
    api->log(plugin, SD_LOG_INFO, "configured");
    return SD_OK;
}
