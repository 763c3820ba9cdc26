/* The four Billing intents. Each handler finds the caller's account, then answers with say, or
 * asks for a slot (ask_slot) and runs again when the caller has answered.
 *
 * A confirmation is only trusted for the exact thing that was read back: before asking `confirm`
 * the handler records what it asked about in a per-call value ("billing.pay_pending" holds
 * "4271:4250"), and a yes/no that does not match it (left over from an earlier question) is asked
 * again. Nothing here keeps an SDTurn or a host string past the handler: what is needed later is
 * copied into the per-call values or the database.
 */
#include "billing.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ACCOUNT_KEY "billing.account"
#define ACCOUNT_ATTEMPTS_KEY "billing.account_attempts"
#define PAY_PENDING_KEY "billing.pay_pending"
#define DISPUTE_PENDING_KEY "billing.dispute_pending"
#define CONFIRMATION_KEY "billing.last_confirmation"
#define MAX_ACCOUNT_ATTEMPTS 3

/* One turn being handled: the context, the host's turn handle and the currency for this turn. */
typedef struct Turn {
    const BillingContext *ctx;
    const SDHostAPI *api;
    SDTurn *turn;
    char currency[16];
} Turn;

static Turn begin(SDTurn *turn, void *userdata) {
    Turn t = {.ctx = userdata, .api = ((const BillingContext *)userdata)->api, .turn = turn};
    billing_currency(t.ctx, t.currency, sizeof t.currency);
    return t;
}

static int say(const Turn *t, const char *format, ...) __attribute__((format(printf, 2, 3)));
static int say(const Turn *t, const char *format, ...) {
    char text[SD_MAX_TEXT + 1];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    return t->api->say(t->turn, text);
}

/* Asks for `slot`; a NULL format asks the question declared with the slot. */
static int ask(const Turn *t, const char *slot, const char *format, ...) __attribute__((format(printf, 3, 4)));
static int ask(const Turn *t, const char *slot, const char *format, ...) {
    if (format == NULL) return t->api->ask_slot(t->turn, slot, NULL);
    char text[SD_MAX_TEXT + 1];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);
    return t->api->ask_slot(t->turn, slot, text);
}

static void money(const Turn *t, int64_t cents, char out[48]) {
    billing_format_money(cents, t->currency, out, 48);
}

static const char *slot(const Turn *t, const char *name) {
    const char *value = t->api->turn_slot(t->turn, name);
    return value != NULL && *value != '\0' ? value : NULL;
}

static bool call_value_is(const Turn *t, const char *key, const char *expected) {
    const char *value = t->api->call_get(t->turn, key);
    return value != NULL && strcmp(value, expected) == 0;
}

static void remember(const Turn *t, const char *key, const char *value) {
    if (value == NULL ? t->api->call_get(t->turn, key) != NULL : !call_value_is(t, key, value)) {
        t->api->call_set(t->turn, key, value);
    }
}

/* MARK: Finding the account */

static bool lookup_number(const char *text, BillingAccount *account, BillingStoreStatus *status) {
    char digits[16];
    if (!billing_digits_only(text, digits, sizeof digits)) return false;
    *status = billing_store_account_by_number(digits, account);
    return *status == BILLING_STORE_OK;
}

/* The caller's account: from the caller ID, else the shared customer record's "account", else the
 * per-call value, else the account_number slot (asked for when missing). True with *account
 * filled; false when the handler should return *result (a question was asked, a transfer
 * requested, or the store failed). */
static bool find_account(const Turn *t, BillingAccount *account, int *result) {
    BillingStoreStatus status = BILLING_STORE_NOT_FOUND;
    const char *caller = t->api->turn_caller(t->turn);
    bool found = caller != NULL && (status = billing_store_account_by_phone(caller, account)) == BILLING_STORE_OK;

    char from_record[32];
    if (!found && status != BILLING_STORE_ERROR &&
        billing_json_member(t->api->customer_get(t->turn), "account", from_record, sizeof from_record)) {
        found = lookup_number(from_record, account, &status);
    }
    const char *remembered = t->api->call_get(t->turn, ACCOUNT_KEY);
    if (!found && status != BILLING_STORE_ERROR && remembered != NULL) {
        found = lookup_number(remembered, account, &status);
    }
    if (status == BILLING_STORE_ERROR) {
        billing_logf(t->ctx, SD_LOG_ERROR, "billing.sqlite could not be read");
        *result = SD_ERR;
        return false;
    }
    if (found) {
        remember(t, ACCOUNT_KEY, account->account);
        return true;
    }

    /* Unknown caller: the account number they give, asked for until it matches (three tries). */
    const char *given = slot(t, "account_number");
    if (given == NULL) {
        *result = ask(t, "account_number", NULL);
        return false;
    }
    if (lookup_number(given, account, &status)) {
        remember(t, ACCOUNT_KEY, account->account);
        remember(t, ACCOUNT_ATTEMPTS_KEY, NULL);
        return true;
    }
    if (status == BILLING_STORE_ERROR) {
        *result = SD_ERR;
        return false;
    }

    const char *attempts_text = t->api->call_get(t->turn, ACCOUNT_ATTEMPTS_KEY);
    int attempts = (attempts_text ? atoi(attempts_text) : 0) + 1;
    char masked[64], counter[16];
    billing_mask_digits(given, masked, sizeof masked);
    billing_logf(t->ctx, SD_LOG_DEBUG, "no billing account %s (try %d)", masked, attempts);
    if (attempts >= MAX_ACCOUNT_ATTEMPTS) {
        remember(t, ACCOUNT_ATTEMPTS_KEY, NULL);
        say(t, "I'm sorry, I still can't find that account. Let me connect you with someone who can help.");
        *result = t->api->request_transfer(t->turn, "billing: the caller's account number was not found");
        return false;
    }
    snprintf(counter, sizeof counter, "%d", attempts);
    remember(t, ACCOUNT_ATTEMPTS_KEY, counter);

    /* Repeat a short account number back; never repeat anything card-like. */
    char digits[16];
    bool short_number = billing_digits_only(given, digits, sizeof digits) && strlen(digits) <= 6;
    if (short_number) {
        *result = ask(t, "account_number",
                      "I couldn't find account %s. Could you say your account number again? "
                      "It's the four-digit number at the top of your statement.",
                      digits);
    } else {
        *result = ask(t, "account_number",
                      "That doesn't match an account number. Could you say your account number again? "
                      "It's the four-digit number at the top of your statement.");
    }
    return false;
}

/* MARK: billing.balance */

int billing_handle_balance(SDTurn *turn, void *userdata) {
    Turn t = begin(turn, userdata);
    BillingAccount account;
    int result;
    if (!find_account(&t, &account, &result)) return result;

    char balance[48];
    if (account.balance_cents == 0) return say(&t, "You don't owe anything right now: your balance is $0.00.");
    if (account.balance_cents < 0) {
        money(&t, -account.balance_cents, balance);
        return say(&t, "You have a credit of %s on your account.", balance);
    }
    money(&t, account.balance_cents, balance);
    return say(&t, "Your balance is %s.", balance);
}

/* MARK: billing.last_payment */

int billing_handle_last_payment(SDTurn *turn, void *userdata) {
    Turn t = begin(turn, userdata);
    BillingAccount account;
    int result;
    if (!find_account(&t, &account, &result)) return result;

    BillingPayment payment;
    BillingStoreStatus status = billing_store_last_payment(account.account, &payment);
    if (status == BILLING_STORE_NOT_FOUND) {
        return say(&t, "I don't see any payments on account %s yet.", account.account);
    }
    if (status != BILLING_STORE_OK) return SD_ERR;

    char amount[48], date[32];
    money(&t, payment.amount_cents, amount);
    billing_format_date(payment.date, date, sizeof date);
    if (payment.card_last4[0] == '\0') return say(&t, "Your last payment was %s on %s.", amount, date);
    return say(&t, "Your last payment was %s on %s, by the card ending %s.", amount, date, payment.card_last4);
}

/* MARK: billing.pay */

static int ask_pay_confirmation(const Turn *t, const BillingAccount *account, int64_t cents, const char *pending,
                                const char *preface) {
    char amount[48];
    money(t, cents, amount);
    remember(t, PAY_PENDING_KEY, pending);
    return ask(t, "confirm", "%sTo confirm: a payment of %s from the card ending %s on account %s. Shall I go ahead?",
               preface, amount, account->card_last4, account->account);
}

static int ask_amount_within_balance(const Turn *t, int64_t balance_cents) {
    char balance[48];
    money(t, balance_cents, balance);
    remember(t, PAY_PENDING_KEY, NULL);
    return ask(t, "amount", "Your balance is %s, so I can take up to that much. How much would you like to pay?",
               balance);
}

int billing_handle_pay(SDTurn *turn, void *userdata) {
    Turn t = begin(turn, userdata);
    BillingAccount account;
    int result;
    if (!find_account(&t, &account, &result)) return result;

    if (account.balance_cents <= 0) {
        remember(&t, PAY_PENDING_KEY, NULL);
        return say(&t, "You don't owe anything right now, so there's nothing to pay.");
    }
    if (account.card_last4[0] == '\0') {
        return say(&t, "There's no card on file for account %s, so I can't take a payment over the phone. "
                       "You can pay online or by mail instead.",
                   account.account);
    }

    const char *amount_text = slot(&t, "amount");
    int64_t cents;
    if (amount_text == NULL) return ask(&t, "amount", NULL);
    if (strcmp(amount_text, "all") == 0) {
        cents = account.balance_cents; /* "all of it": the whole balance */
    } else if (!billing_parse_money(amount_text, &cents)) {
        return ask(&t, "amount", "Sorry, I didn't catch the amount. How much would you like to pay?");
    }
    if (cents <= 0) {
        remember(&t, PAY_PENDING_KEY, NULL);
        return ask(&t, "amount", "The amount needs to be more than zero. How much would you like to pay?");
    }
    if (cents > account.balance_cents) return ask_amount_within_balance(&t, account.balance_cents);

    /* Read back and ask, unless this exact payment was read back and the caller has answered. */
    char pending[48];
    snprintf(pending, sizeof pending, "%s:%lld", account.account, (long long)cents);
    const char *confirm = slot(&t, "confirm");
    if (confirm == NULL || !call_value_is(&t, PAY_PENDING_KEY, pending)) {
        return ask_pay_confirmation(&t, &account, cents, pending, "");
    }
    if (strcmp(confirm, "no") == 0) {
        remember(&t, PAY_PENDING_KEY, NULL);
        return say(&t, "Okay, I won't take that payment.");
    }
    if (strcmp(confirm, "yes") != 0) {
        return ask_pay_confirmation(&t, &account, cents, pending, "Sorry, was that a yes or a no? ");
    }

    char today[11];
    billing_today(t.api->turn_now(turn), today);
    BillingPayment payment;
    int64_t new_balance;
    BillingStoreStatus status = billing_store_record_payment(account.account, cents, today, &payment, &new_balance);
    if (status == BILLING_STORE_REFUSED) {
        /* The balance changed since the read-back (another call paid): ask again. */
        BillingAccount fresh;
        if (billing_store_account_by_number(account.account, &fresh) != BILLING_STORE_OK) return SD_ERR;
        if (fresh.balance_cents <= 0) {
            remember(&t, PAY_PENDING_KEY, NULL);
            return say(&t, "You don't owe anything right now, so there's nothing to pay.");
        }
        return ask_amount_within_balance(&t, fresh.balance_cents);
    }
    if (status != BILLING_STORE_OK) return SD_ERR;
    remember(&t, PAY_PENDING_KEY, NULL);
    remember(&t, CONFIRMATION_KEY, payment.confirmation);

    char amount[48], balance[48];
    money(&t, cents, amount);
    money(&t, new_balance, balance);
    billing_logf(t.ctx, SD_LOG_INFO, "payment %s on account %s: %s from card ****%s, new balance %s",
                 payment.confirmation, account.account, amount, payment.card_last4, balance);
    return say(&t, "Done. I've taken %s; your new balance is %s. Your confirmation number is %s.", amount, balance,
               payment.confirmation);
}

/* MARK: billing.dispute */

static void describe_charge(const Turn *t, const BillingCharge *charge, char *out, size_t size) {
    char amount[48], date[32];
    money(t, charge->amount_cents, amount);
    billing_format_date(charge->date, date, sizeof date);
    snprintf(out, size, "the %s charge for %s on %s", amount, charge->description, date);
}

int billing_handle_dispute(SDTurn *turn, void *userdata) {
    Turn t = begin(turn, userdata);
    BillingAccount account;
    int result;
    if (!find_account(&t, &account, &result)) return result;

    BillingCharge charges[BILLING_MAX_RECENT_CHARGES];
    int count;
    if (billing_store_recent_charges(account.account, charges, BILLING_MAX_RECENT_CHARGES, &count) !=
        BILLING_STORE_OK) {
        return SD_ERR;
    }
    if (count == 0) {
        remember(&t, DISPUTE_PENDING_KEY, NULL);
        return say(&t, "I don't see any recent charges on account %s to dispute.", account.account);
    }

    /* The charge with the amount the caller named (newest first), else the most recent one. */
    const BillingCharge *charge = &charges[0];
    char preface[96] = "";
    const char *amount_text = slot(&t, "amount");
    if (amount_text != NULL && strcmp(amount_text, "all") != 0) {
        int64_t cents;
        if (!billing_parse_money(amount_text, &cents)) {
            return ask(&t, "amount", "Sorry, I didn't catch the amount. How much was the charge?");
        }
        int match = -1;
        for (int i = 0; i < count && match < 0; i++) {
            if (charges[i].amount_cents == cents) match = i;
        }
        if (match >= 0) {
            charge = &charges[match];
        } else {
            char named[48];
            money(&t, cents, named);
            snprintf(preface, sizeof preface, "I don't see a charge for %s. ", named);
        }
    }

    char described[256];
    describe_charge(&t, charge, described, sizeof described);
    if (charge->open_dispute[0] != '\0') {
        remember(&t, DISPUTE_PENDING_KEY, NULL);
        return say(&t, "%sThere's already an open dispute, %s, for %s. We'll review it within 5 business days.",
                   preface, charge->open_dispute, described);
    }

    char pending[48];
    snprintf(pending, sizeof pending, "%s:%lld", account.account, (long long)charge->id);
    const char *confirm = slot(&t, "confirm");
    if (confirm == NULL || !call_value_is(&t, DISPUTE_PENDING_KEY, pending)) {
        remember(&t, DISPUTE_PENDING_KEY, pending);
        return ask(&t, "confirm", "%sDo you want to dispute %s?", preface, described);
    }
    if (strcmp(confirm, "no") == 0) {
        remember(&t, DISPUTE_PENDING_KEY, NULL);
        return say(&t, "Okay, I haven't opened a dispute.");
    }
    if (strcmp(confirm, "yes") != 0) {
        return ask(&t, "confirm", "Sorry, was that a yes or a no? Do you want to dispute %s?", described);
    }

    char today[11], reference[16];
    billing_today(t.api->turn_now(turn), today);
    BillingStoreStatus status =
        billing_store_open_dispute(account.account, charge->id, today, reference, sizeof reference);
    remember(&t, DISPUTE_PENDING_KEY, NULL);
    if (status == BILLING_STORE_REFUSED) {
        return say(&t, "There's already an open dispute, %s, for %s. We'll review it within 5 business days.",
                   reference, described);
    }
    if (status != BILLING_STORE_OK) return SD_ERR;
    remember(&t, CONFIRMATION_KEY, reference);

    char amount[48];
    money(&t, charge->amount_cents, amount);
    billing_logf(t.ctx, SD_LOG_INFO, "dispute %s on account %s: %s charge of %s for \"%s\", card %s%s", reference,
                 account.account, amount, charge->date, charge->description,
                 account.card_last4[0] ? "****" : "none on file", account.card_last4);
    return say(&t, "I've opened dispute %s for that charge. We'll review it within 5 business days.", reference);
}
