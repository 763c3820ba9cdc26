/* The Billing skill: balance, last payment, paying by the card on file and disputing a charge.
 *
 * This file is the plugin's face to the host: the descriptor, sd_plugin_init's registrations and
 * sd_plugin_unload. The intents' work is in handlers.c, the tools in tools.c, the data in store.c.
 */
#include "billing.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

/* MARK: Descriptor */

static const SDPluginDescriptor descriptor =
    SD_DESCRIPTOR("billing", "1.0.0", "Balances, payments by the card on file, and charge disputes", 0);

SD_EXPORT const SDPluginDescriptor *sd_plugin_describe(void) {
    return &descriptor;
}

/* MARK: Intents */

static const char *const balance_examples[] = {
    "what's my balance",
    "how much do I owe",
    "what do I owe you",
    "can you tell me my account balance",
    "how much is my bill",
    "what's the balance on my account",
    "do I owe anything right now",
    "how much do I still owe you guys",
    "I'd like to check my balance please",
    "what's my current balance",
    "is there anything outstanding on my account",
    "how much is due on my account",
    "what's the amount due on my bill",
    "am I behind on my payments",
};

static const char *const last_payment_examples[] = {
    "when was my last payment",
    "did you get my last payment",
    "how much was my last payment",
    "when did I last pay",
    "did my payment go through",
    "what was the last payment on my account",
    "I want to check if you received my payment",
    "can you confirm you got my payment",
    "when did you last charge my card",
    "what date did I pay last",
    "I paid last week, did it post to my account",
    "how much did I pay last time",
    "has my payment been received yet",
};

static const char *const pay_examples[] = {
    "I want to pay my bill",
    "I'd like to make a payment",
    "can I pay my balance",
    "I want to pay forty two fifty",
    "can I pay over the phone",
    "I'd like to pay off my balance",
    "take a payment please",
    "I want to put some money toward my bill",
    "can you charge my card on file",
    "let me pay what I owe",
    "I need to make a payment on my account",
    "I'd like to pay fifty dollars today",
    "put a hundred dollars on my account",
    "I want to pay with the card you have on file",
};

static const char *const dispute_examples[] = {
    "I want to dispute a charge",
    "there's a charge I don't recognize",
    "this charge on my bill is wrong",
    "I was charged for something I didn't get",
    "why was I charged a late fee",
    "I want to contest a charge on my bill",
    "I think I was overcharged",
    "there's a mistake on my bill",
    "I don't think I should have to pay that fee",
    "I want to challenge the eighty nine dollar charge",
    "you charged me twice for the same thing",
    "I never agreed to that charge",
    "can you take off that late fee",
    "I'd like to report a billing error",
};

#define COUNT(array) ((uint32_t)(sizeof(array) / sizeof((array)[0])))

/* Every intent may need the account number of a caller the plugin does not recognise. */
#define ACCOUNT_NUMBER_SLOT                                                                       \
    {sizeof(SDSlotSpec), "account_number", "digits",                                             \
     "What's your account number? It's the four-digit number at the top of your statement.",     \
     SD_SLOT_OPTIONAL}

static const SDSlotSpec account_only_slots[] = {ACCOUNT_NUMBER_SLOT};

/* The amount is optional to the host: the handler asks for it itself, once it knows there is
 * something to pay and a card to take it from ("you don't owe anything" comes before "how much?"). */
static const SDSlotSpec pay_slots[] = {
    {sizeof(SDSlotSpec), "amount", "money", "How much would you like to pay?", SD_SLOT_OPTIONAL},
    {sizeof(SDSlotSpec), "confirm", "yes_no", "Shall I go ahead with the payment?", SD_SLOT_OPTIONAL},
    ACCOUNT_NUMBER_SLOT,
};

static const SDSlotSpec dispute_slots[] = {
    {sizeof(SDSlotSpec), "amount", "money", "How much was the charge you want to dispute?", SD_SLOT_OPTIONAL},
    {sizeof(SDSlotSpec), "confirm", "yes_no", "Do you want me to open a dispute for that charge?", SD_SLOT_OPTIONAL},
    ACCOUNT_NUMBER_SLOT,
};

/* MARK: Tools */

static const char account_summary_schema[] =
    "{\"type\":\"object\",\"properties\":{\"phone\":{\"type\":\"string\","
    "\"description\":\"the customer's phone number, E.164 like +15551230001\"}},\"required\":[\"phone\"]}";

static const SDTypedParam balance_cents_params[] = {
    {"account", SD_TYPE_STRING, "the billing account number, e.g. 4271"},
};

/* MARK: Generations */

/* The contexts of the generations currently loaded, so that unload (which gets only the SDPlugin)
 * frees the right one. */
typedef struct LoadedGeneration {
    BillingContext context;
    struct LoadedGeneration *next;
} LoadedGeneration;

static pthread_mutex_t generations_lock = PTHREAD_MUTEX_INITIALIZER;
static LoadedGeneration *generations;

static bool register_everything(BillingContext *ctx) {
    const SDHostAPI *api = ctx->api;
    SDPlugin *plugin = ctx->plugin;
    const SDIntentSpec intents[] = {
        {sizeof(SDIntentSpec), "billing.balance", "check your account balance", balance_examples,
         COUNT(balance_examples), account_only_slots, COUNT(account_only_slots), billing_handle_balance, ctx, 0},
        {sizeof(SDIntentSpec), "billing.last_payment", "check your last payment", last_payment_examples,
         COUNT(last_payment_examples), account_only_slots, COUNT(account_only_slots), billing_handle_last_payment,
         ctx, 0},
        {sizeof(SDIntentSpec), "billing.pay", "pay your bill with the card on file", pay_examples,
         COUNT(pay_examples), pay_slots, COUNT(pay_slots), billing_handle_pay, ctx, SD_INTENT_SIDE_EFFECTS},
        {sizeof(SDIntentSpec), "billing.dispute", "dispute a charge on your bill", dispute_examples,
         COUNT(dispute_examples), dispute_slots, COUNT(dispute_slots), billing_handle_dispute, ctx, SD_INTENT_SIDE_EFFECTS},
    };
    for (uint32_t i = 0; i < COUNT(intents); i++) {
        if (api->register_intent(plugin, &intents[i]) != SD_OK) return false;
    }

    const SDToolSpec summary = {
        sizeof(SDToolSpec), "billing_account_summary",
        "A customer's billing account, balance, last payment and recent charges, by phone number",
        account_summary_schema, billing_tool_account_summary, ctx,
        /* the agent's model may read the caller's own account: the host fills in their number */
        SD_TOOL_FOR_MODEL, "phone"};
    if (api->register_tool(plugin, &summary) != SD_OK) return false;

    const SDTypedToolSpec balance_cents = {
        sizeof(SDTypedToolSpec), "billing_balance_cents",
        "The balance of a billing account in cents, or -1 when there is no such account",
        SD_TYPE_INT64, balance_cents_params, COUNT(balance_cents_params), (void (*)(void))billing_balance_cents,
        0 /* any account number: the operator's tool, never the model's */, NULL};
    return api->register_typed_tool(plugin, &balance_cents) == SD_OK;
}

SD_EXPORT int sd_plugin_init(SDPlugin *plugin, const SDHostAPI *api) {
    if (api == NULL || api->abi_major != SD_ABI_MAJOR) return SD_ERR;
    LoadedGeneration *generation = calloc(1, sizeof *generation);
    if (generation == NULL) return SD_ERR;
    generation->context.plugin = plugin;
    generation->context.api = api;
    BillingContext *ctx = &generation->context;

    const char *data_dir = api->data_dir(plugin);
    char error[512];
    if (billing_store_open(data_dir, error, sizeof error) != BILLING_STORE_OK) {
        api->log(plugin, SD_LOG_ERROR, error);
        free(generation);
        return SD_ERR;
    }
    if (!register_everything(ctx)) {
        api->log(plugin, SD_LOG_ERROR, "a registration was refused");
        billing_store_close();
        free(generation);
        return SD_ERR;
    }

    pthread_mutex_lock(&generations_lock);
    generation->next = generations;
    generations = generation;
    pthread_mutex_unlock(&generations_lock);
    billing_logf(ctx, SD_LOG_INFO, "billing.sqlite ready in %s", data_dir ? data_dir : ".");
    return SD_OK;
}

SD_EXPORT void sd_plugin_unload(SDPlugin *plugin) {
    pthread_mutex_lock(&generations_lock);
    LoadedGeneration **link = &generations;
    while (*link != NULL && (*link)->context.plugin != plugin) link = &(*link)->next;
    LoadedGeneration *generation = *link;
    if (generation != NULL) *link = generation->next;
    pthread_mutex_unlock(&generations_lock);
    if (generation == NULL) return;
    billing_store_close();
    free(generation);
}

/* MARK: Services for the other files */

void billing_currency(const BillingContext *ctx, char *out, size_t size) {
    const char *symbol = ctx->api->config_get(ctx->plugin, "currency_symbol");
    snprintf(out, size, "%s", symbol != NULL && *symbol != '\0' ? symbol : "$");
}

void billing_logf(const BillingContext *ctx, int level, const char *format, ...) {
    char message[SD_MAX_TEXT + 1];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    ctx->api->log(ctx->plugin, level, message);
}
