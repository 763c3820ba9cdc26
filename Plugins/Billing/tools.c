/* The Billing tools, for an LLM or an operator:
 *   billing_account_summary  JSON tool: {"phone": "+15551230001"} → the account as a JSON object
 *   billing_balance_cents    typed tool: int64_t billing_balance_cents(const char *account)
 */
#include "billing.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* A JSON number with two decimals: 142.50, -5.00. */
static void json_amount(int64_t cents, char *out, size_t size) {
    billing_format_money(cents, "", out, size);
    /* billing_format_money groups thousands; JSON numbers must not. */
    char *write = out;
    for (const char *read = out; *read; read++) {
        if (*read != ',') *write++ = *read;
    }
    *write = '\0';
}

/* Formatted text appended to a fixed buffer; `overflowed` once it no longer fits. */
typedef struct Buffer {
    char *text;
    size_t size, length;
    bool overflowed;
} Buffer;

static void append(Buffer *buffer, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void append(Buffer *buffer, const char *format, ...) {
    if (buffer->overflowed) return;
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(buffer->text + buffer->length, buffer->size - buffer->length, format, arguments);
    va_end(arguments);
    if (written < 0 || (size_t)written >= buffer->size - buffer->length) {
        buffer->overflowed = true;
        return;
    }
    buffer->length += (size_t)written;
}

int billing_tool_account_summary(SDToolCall *call, const char *arguments_json, void *userdata) {
    const BillingContext *ctx = userdata;
    const SDHostAPI *api = ctx->api;

    char given[64], phone[24];
    if (!billing_json_member(arguments_json, "phone", given, sizeof given) ||
        !billing_normalize_phone(given, phone, sizeof phone)) {
        api->tool_error(call, "expected {\"phone\": \"+15551230001\"}: a phone number as a string");
        return SD_ERR;
    }
    BillingAccount account;
    BillingStoreStatus status = billing_store_account_by_phone(phone, &account);
    if (status == BILLING_STORE_NOT_FOUND) {
        char message[96];
        snprintf(message, sizeof message, "no billing account for %s", phone);
        api->tool_error(call, message);
        return SD_ERR;
    }
    BillingPayment payment;
    BillingStoreStatus payment_status = status == BILLING_STORE_OK
                                            ? billing_store_last_payment(account.account, &payment)
                                            : BILLING_STORE_ERROR;
    BillingCharge charges[BILLING_MAX_RECENT_CHARGES];
    int count = 0;
    if (payment_status == BILLING_STORE_ERROR ||
        billing_store_recent_charges(account.account, charges, BILLING_MAX_RECENT_CHARGES, &count) !=
            BILLING_STORE_OK) {
        api->tool_error(call, "the billing database could not be read");
        return SD_ERR;
    }

    char symbol[16], quoted[512], amount[48];
    billing_currency(ctx, symbol, sizeof symbol);
    char text[8192];
    Buffer json = {text, sizeof text, 0, false};
    billing_json_quote(account.account, quoted, sizeof quoted);
    append(&json, "{\"account\":%s", quoted);
    billing_json_quote(account.name, quoted, sizeof quoted);
    append(&json, ",\"name\":%s", quoted);
    billing_json_quote(account.phone, quoted, sizeof quoted);
    append(&json, ",\"phone\":%s", quoted);
    json_amount(account.balance_cents, amount, sizeof amount);
    billing_json_quote(symbol, quoted, sizeof quoted);
    append(&json, ",\"balance\":%s,\"currency\":%s", amount, quoted);
    if (account.card_last4[0] != '\0') append(&json, ",\"card_last4\":\"%s\"", account.card_last4);
    else append(&json, ",\"card_last4\":null");

    if (payment_status == BILLING_STORE_OK) {
        json_amount(payment.amount_cents, amount, sizeof amount);
        append(&json, ",\"last_payment\":{\"amount\":%s,\"date\":\"%s\"", amount, payment.date);
        if (payment.card_last4[0] != '\0') append(&json, ",\"card_last4\":\"%s\"", payment.card_last4);
        billing_json_quote(payment.confirmation, quoted, sizeof quoted);
        append(&json, ",\"confirmation\":%s}", quoted);
    } else {
        append(&json, ",\"last_payment\":null");
    }

    append(&json, ",\"recent_charges\":[");
    for (int i = 0; i < count; i++) {
        json_amount(charges[i].amount_cents, amount, sizeof amount);
        billing_json_quote(charges[i].description, quoted, sizeof quoted);
        append(&json, "%s{\"date\":\"%s\",\"description\":%s,\"amount\":%s", i ? "," : "", charges[i].date, quoted,
               amount);
        if (charges[i].open_dispute[0] != '\0') append(&json, ",\"open_dispute\":\"%s\"}", charges[i].open_dispute);
        else append(&json, "}");
    }
    append(&json, "]}");

    if (json.overflowed) {
        api->tool_error(call, "the account summary is too long");
        return SD_ERR;
    }
    api->tool_result(call, json.text);
    return SD_OK;
}

int64_t billing_balance_cents(const char *account) {
    BillingAccount found;
    if (account == NULL || billing_store_account_by_number(account, &found) != BILLING_STORE_OK) return -1;
    return found.balance_cents;
}
