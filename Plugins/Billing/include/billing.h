/* Internal declarations shared by the Billing plugin's source files.
 *
 *   billing.c   descriptor, sd_plugin_init/unload, the registration tables
 *   handlers.c  the four intents and how a turn finds its account
 *   tools.c     the JSON tool billing_account_summary and the typed tool billing_balance_cents
 *   store.c     billing.sqlite: schema, demo data, queries (shared by every loaded generation)
 *   money.c     money, dates, phone numbers, card masking
 *   json.c      the little JSON the plugin reads and writes
 */
#ifndef SMARTDESK_BILLING_H
#define SMARTDESK_BILLING_H

#include "smartdesk.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Everything below is internal to the library: only the SD_EXPORT entry points are visible, so two
 * images of the plugin (or another plugin) never bind to each other's functions. */
#pragma GCC visibility push(hidden)

/* MARK: Plugin context */

/* What one loaded generation keeps: the host handle and table, both valid until unload. Handlers
 * and the JSON tool get it as their userdata. */
typedef struct BillingContext {
    SDPlugin *plugin;
    const SDHostAPI *api;
} BillingContext;

/* The currency symbol from [plugins.billing] currency_symbol (default "$"), copied into `out`. */
void billing_currency(const BillingContext *ctx, char *out, size_t size);

/* api->log with printf formatting; the message is built on the stack (the host copies it). */
void billing_logf(const BillingContext *ctx, int level, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* MARK: Handlers (handlers.c) */

int billing_handle_balance(SDTurn *turn, void *userdata);
int billing_handle_last_payment(SDTurn *turn, void *userdata);
int billing_handle_pay(SDTurn *turn, void *userdata);
int billing_handle_dispute(SDTurn *turn, void *userdata);

/* MARK: Tools (tools.c) */

int billing_tool_account_summary(SDToolCall *call, const char *arguments_json, void *userdata);
int64_t billing_balance_cents(const char *account);

/* MARK: Store (store.c) */

typedef enum BillingStoreStatus {
    BILLING_STORE_OK = 0,
    BILLING_STORE_NOT_FOUND,
    BILLING_STORE_REFUSED, /* the write breaks a rule (a payment over the balance) */
    BILLING_STORE_ERROR
} BillingStoreStatus;

typedef struct BillingAccount {
    char account[16];
    char name[64];
    char phone[24];
    int64_t balance_cents;
    char card_last4[5]; /* the card on file, last four digits only; "" when none */
} BillingAccount;

typedef struct BillingPayment {
    int64_t amount_cents;
    char date[11];        /* 2026-11-02 */
    char card_last4[5];
    char confirmation[16]; /* P-10001 */
} BillingPayment;

typedef struct BillingCharge {
    int64_t id;
    char date[11];
    char description[128];
    int64_t amount_cents;
    char open_dispute[16]; /* the reference of an open dispute on this charge, "" when none */
} BillingCharge;

#define BILLING_MAX_RECENT_CHARGES 10

/* Opens (creating and seeding on first use) `data_dir`/billing.sqlite. Reference-counted: every
 * generation that opens it closes it once; the connection is shared between them. */
BillingStoreStatus billing_store_open(const char *data_dir, char *error, size_t error_size);
void billing_store_close(void);

BillingStoreStatus billing_store_account_by_phone(const char *phone, BillingAccount *out);
BillingStoreStatus billing_store_account_by_number(const char *account, BillingAccount *out);
BillingStoreStatus billing_store_last_payment(const char *account, BillingPayment *out);
/* Newest first; *count receives how many were written (at most `max`). */
BillingStoreStatus billing_store_recent_charges(const char *account, BillingCharge *out, int max, int *count);
/* Takes `cents` from the card on file: REFUSED when cents <= 0, over the balance or no card. */
BillingStoreStatus billing_store_record_payment(const char *account, int64_t cents, const char *date,
                                                BillingPayment *out, int64_t *new_balance_cents);
BillingStoreStatus billing_store_open_dispute(const char *account, int64_t charge_id, const char *date,
                                              char *reference, size_t reference_size);

/* MARK: Formatting (money.c) */

/* "$1,234.50", "-$5.00". */
void billing_format_money(int64_t cents, const char *symbol, char *out, size_t size);
/* Parses a money slot ("42.50", "42.5", "42") into cents; false when it is not an amount. */
bool billing_parse_money(const char *text, int64_t *cents);
/* "2026-11-02" → "November 2nd"; copies the input when it is not a date. */
void billing_format_date(const char *iso_date, char *out, size_t size);
/* The date part of api->turn_now ("2026-11-25T14:05:00" → "2026-11-25"); today (UTC) when absent. */
void billing_today(const char *turn_now, char out[11]);
/* The last four digits of any text holding a card number; "" when it has fewer than four. */
void billing_card_last4(const char *text, char out[5]);
/* Copies text with anything card-like replaced by "****" and its last four digits: 12 or more
 * digits grouped by spaces or dashes, or any unbroken run of more than four. Safe to log. */
void billing_mask_digits(const char *text, char *out, size_t size);
/* "+15551230001", "555-123-0001", "(555) 123 0001" → "+15551230001"; false when not a number. */
bool billing_normalize_phone(const char *text, char *out, size_t size);
/* Keeps the digits of text; false when there are none or more than size - 1. */
bool billing_digits_only(const char *text, char *out, size_t size);

/* MARK: JSON (json.c) */

/* Reads the top-level member `key` of a JSON object when it is a string or a number (the number's
 * text). False when absent, of another type, too long or the JSON is malformed. */
bool billing_json_member(const char *json, const char *key, char *out, size_t size);
/* Writes `text` as a JSON string literal, quotes included; false when it does not fit. */
bool billing_json_quote(const char *text, char *out, size_t size);

#pragma GCC visibility pop

#endif
