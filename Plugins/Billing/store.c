/* billing.sqlite: the plugin's own database in the host-given data directory.
 *
 * One connection per process, shared by every loaded generation of the plugin (a reload may open
 * it again before the old generation is unloaded), opened SQLITE_OPEN_FULLMUTEX and additionally
 * guarded by `lock` so that each multi-statement operation is atomic between host threads. Writes
 * run in BEGIN IMMEDIATE transactions with a busy timeout, so two images of the plugin (a rebuilt
 * library loaded beside the old one) can share the file too.
 *
 * Schema version 1 lives in PRAGMA user_version; version 0 (a new file) is created and seeded with
 * the demo customers, who also exist in the CRM plugin.
 */
#include "billing.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#define BILLING_SCHEMA_VERSION 1

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static sqlite3 *db;
static int open_count;

static const char schema_sql[] =
    "CREATE TABLE accounts ("
    "  account TEXT PRIMARY KEY,"
    "  phone TEXT UNIQUE,"
    "  name TEXT NOT NULL,"
    "  balance_cents INTEGER NOT NULL,"
    "  card_last4 TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4));"
    "CREATE TABLE payments ("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL REFERENCES accounts(account),"
    "  amount_cents INTEGER NOT NULL,"
    "  paid_on TEXT NOT NULL,"
    "  card_last4 TEXT CHECK (card_last4 IS NULL OR length(card_last4) = 4),"
    "  confirmation TEXT);"
    "CREATE TABLE charges ("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL REFERENCES accounts(account),"
    "  posted_on TEXT NOT NULL,"
    "  description TEXT NOT NULL,"
    "  amount_cents INTEGER NOT NULL);"
    "CREATE TABLE disputes ("
    "  id INTEGER PRIMARY KEY,"
    "  account TEXT NOT NULL REFERENCES accounts(account),"
    "  charge_id INTEGER NOT NULL REFERENCES charges(id),"
    "  opened_on TEXT NOT NULL,"
    "  status TEXT NOT NULL DEFAULT 'open',"
    "  reference TEXT);"
    "CREATE INDEX payments_by_account ON payments(account, paid_on);"
    "CREATE INDEX charges_by_account ON charges(account, posted_on);"
    "CREATE INDEX disputes_by_charge ON disputes(charge_id, status);";

static const char seed_sql[] =
    "INSERT INTO accounts VALUES"
    "  ('4271', '+15551230001', 'Dana Whitfield', 14250, '4242'),"
    "  ('5830', '+15551230002', 'Marcus Lee', 0, '1881'),"
    "  ('6604', '+15551230003', 'Priya Raman', 8999, NULL);"
    "INSERT INTO payments (account, amount_cents, paid_on, card_last4, confirmation) VALUES"
    "  ('4271', 6000, '2026-11-02', '4242', 'P-10001'),"
    "  ('5830', 12000, '2026-11-15', '1881', 'P-10002');"
    "INSERT INTO charges (account, posted_on, description, amount_cents) VALUES"
    "  ('4271', '2026-11-03', 'Annual service plan', 8900),"
    "  ('4271', '2026-11-10', 'Late fee', 2500),"
    "  ('4271', '2026-11-14', 'Cleaning visit', 2850),"
    "  ('6604', '2026-11-01', 'Consultation', 8999);";

/* MARK: Helpers (callers hold `lock`) */

static void copy_column(sqlite3_stmt *statement, int column, char *out, size_t size) {
    const unsigned char *text = sqlite3_column_text(statement, column);
    snprintf(out, size, "%s", text ? (const char *)text : "");
}

static bool exec(const char *sql) {
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

static int user_version(void) {
    sqlite3_stmt *statement;
    int version = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, NULL) != SQLITE_OK) return -1;
    if (sqlite3_step(statement) == SQLITE_ROW) version = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return version;
}

/* Creates and seeds a new file; checks the version again inside the write transaction so that two
 * openers never seed twice. */
static bool migrate(char *error, size_t error_size) {
    if (user_version() == BILLING_SCHEMA_VERSION) return true;
    if (!exec("BEGIN IMMEDIATE")) goto failed;
    int version = user_version();
    if (version == 0) {
        char set_version[64];
        snprintf(set_version, sizeof set_version, "PRAGMA user_version = %d", BILLING_SCHEMA_VERSION);
        if (!exec(schema_sql) || !exec(seed_sql) || !exec(set_version)) {
            exec("ROLLBACK");
            goto failed;
        }
    } else if (version != BILLING_SCHEMA_VERSION) {
        exec("ROLLBACK");
        snprintf(error, error_size, "billing.sqlite has schema version %d; this plugin knows %d", version,
                 BILLING_SCHEMA_VERSION);
        return false;
    }
    if (exec("COMMIT")) return true;
    exec("ROLLBACK");
failed:
    snprintf(error, error_size, "cannot create billing.sqlite: %s", sqlite3_errmsg(db));
    return false;
}

static BillingStoreStatus read_account(const char *sql, const char *key, BillingAccount *out) {
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) return BILLING_STORE_ERROR;
    sqlite3_bind_text(statement, 1, key, -1, SQLITE_TRANSIENT);
    BillingStoreStatus status;
    int step = sqlite3_step(statement);
    if (step == SQLITE_ROW) {
        copy_column(statement, 0, out->account, sizeof out->account);
        copy_column(statement, 1, out->phone, sizeof out->phone);
        copy_column(statement, 2, out->name, sizeof out->name);
        out->balance_cents = sqlite3_column_int64(statement, 3);
        copy_column(statement, 4, out->card_last4, sizeof out->card_last4);
        status = BILLING_STORE_OK;
    } else {
        status = step == SQLITE_DONE ? BILLING_STORE_NOT_FOUND : BILLING_STORE_ERROR;
    }
    sqlite3_finalize(statement);
    return status;
}

#define ACCOUNT_COLUMNS "SELECT account, phone, name, balance_cents, card_last4 FROM accounts "

/* MARK: Opening and closing */

BillingStoreStatus billing_store_open(const char *data_dir, char *error, size_t error_size) {
    pthread_mutex_lock(&lock);
    if (open_count > 0) {
        open_count++;
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_OK;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/billing.sqlite", data_dir && *data_dir ? data_dir : ".");
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
        snprintf(error, error_size, "cannot open %s: %s", path, db ? sqlite3_errmsg(db) : "out of memory");
        sqlite3_close(db);
        db = NULL;
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_ERROR;
    }
    sqlite3_busy_timeout(db, 2000);
    exec("PRAGMA foreign_keys = ON");
    if (!migrate(error, error_size)) {
        sqlite3_close(db);
        db = NULL;
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_ERROR;
    }
    open_count = 1;
    pthread_mutex_unlock(&lock);
    return BILLING_STORE_OK;
}

void billing_store_close(void) {
    pthread_mutex_lock(&lock);
    if (open_count > 0 && --open_count == 0) {
        sqlite3_close(db);
        db = NULL;
    }
    pthread_mutex_unlock(&lock);
}

/* MARK: Reading */

BillingStoreStatus billing_store_account_by_phone(const char *phone, BillingAccount *out) {
    if (phone == NULL) return BILLING_STORE_NOT_FOUND;
    pthread_mutex_lock(&lock);
    BillingStoreStatus status =
        db ? read_account(ACCOUNT_COLUMNS "WHERE phone = ?1", phone, out) : BILLING_STORE_ERROR;
    pthread_mutex_unlock(&lock);
    return status;
}

BillingStoreStatus billing_store_account_by_number(const char *account, BillingAccount *out) {
    if (account == NULL) return BILLING_STORE_NOT_FOUND;
    pthread_mutex_lock(&lock);
    BillingStoreStatus status =
        db ? read_account(ACCOUNT_COLUMNS "WHERE account = ?1", account, out) : BILLING_STORE_ERROR;
    pthread_mutex_unlock(&lock);
    return status;
}

BillingStoreStatus billing_store_last_payment(const char *account, BillingPayment *out) {
    pthread_mutex_lock(&lock);
    BillingStoreStatus status = BILLING_STORE_ERROR;
    sqlite3_stmt *statement;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT amount_cents, paid_on, card_last4, confirmation FROM payments "
                                 "WHERE account = ?1 ORDER BY paid_on DESC, id DESC LIMIT 1",
                                 -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_text(statement, 1, account, -1, SQLITE_TRANSIENT);
        int step = sqlite3_step(statement);
        if (step == SQLITE_ROW) {
            out->amount_cents = sqlite3_column_int64(statement, 0);
            copy_column(statement, 1, out->date, sizeof out->date);
            copy_column(statement, 2, out->card_last4, sizeof out->card_last4);
            copy_column(statement, 3, out->confirmation, sizeof out->confirmation);
            status = BILLING_STORE_OK;
        } else if (step == SQLITE_DONE) {
            status = BILLING_STORE_NOT_FOUND;
        }
        sqlite3_finalize(statement);
    }
    pthread_mutex_unlock(&lock);
    return status;
}

BillingStoreStatus billing_store_recent_charges(const char *account, BillingCharge *out, int max, int *count) {
    *count = 0;
    pthread_mutex_lock(&lock);
    BillingStoreStatus status = BILLING_STORE_ERROR;
    sqlite3_stmt *statement;
    if (db && sqlite3_prepare_v2(db,
                                 "SELECT c.id, c.posted_on, c.description, c.amount_cents,"
                                 "  (SELECT reference FROM disputes d WHERE d.charge_id = c.id AND d.status = 'open'"
                                 "   ORDER BY d.id LIMIT 1) "
                                 "FROM charges c WHERE c.account = ?1 ORDER BY c.posted_on DESC, c.id DESC LIMIT ?2",
                                 -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_text(statement, 1, account, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(statement, 2, max);
        int step;
        while ((step = sqlite3_step(statement)) == SQLITE_ROW && *count < max) {
            BillingCharge *charge = &out[(*count)++];
            charge->id = sqlite3_column_int64(statement, 0);
            copy_column(statement, 1, charge->date, sizeof charge->date);
            copy_column(statement, 2, charge->description, sizeof charge->description);
            charge->amount_cents = sqlite3_column_int64(statement, 3);
            copy_column(statement, 4, charge->open_dispute, sizeof charge->open_dispute);
        }
        status = step == SQLITE_DONE || step == SQLITE_ROW ? BILLING_STORE_OK : BILLING_STORE_ERROR;
        sqlite3_finalize(statement);
    }
    pthread_mutex_unlock(&lock);
    return status;
}

/* MARK: Writing */

/* Names the new row `prefix`-(10000 + id) in its reference column and copies the name to out. */
static bool set_reference(const char *table, const char *prefix, int64_t id, char *out, size_t size) {
    char sql[96];
    snprintf(sql, sizeof sql, "UPDATE %s SET %s = ?1 WHERE id = ?2", table,
             strcmp(table, "payments") == 0 ? "confirmation" : "reference");
    snprintf(out, size, "%s-%lld", prefix, (long long)(10000 + id));
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db, sql, -1, &statement, NULL) != SQLITE_OK) return false;
    sqlite3_bind_text(statement, 1, out, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(statement, 2, id);
    bool ok = sqlite3_step(statement) == SQLITE_DONE;
    sqlite3_finalize(statement);
    return ok;
}

BillingStoreStatus billing_store_record_payment(const char *account, int64_t cents, const char *date,
                                                BillingPayment *out, int64_t *new_balance_cents) {
    pthread_mutex_lock(&lock);
    if (db == NULL || !exec("BEGIN IMMEDIATE")) {
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_ERROR;
    }
    BillingAccount found;
    BillingStoreStatus status = read_account(ACCOUNT_COLUMNS "WHERE account = ?1", account, &found);
    if (status == BILLING_STORE_OK && (cents <= 0 || cents > found.balance_cents || found.card_last4[0] == '\0')) {
        status = BILLING_STORE_REFUSED;
    }
    sqlite3_stmt *statement = NULL;
    if (status == BILLING_STORE_OK) {
        status = BILLING_STORE_ERROR;
        if (sqlite3_prepare_v2(db, "UPDATE accounts SET balance_cents = balance_cents - ?1 WHERE account = ?2", -1,
                               &statement, NULL) == SQLITE_OK) {
            sqlite3_bind_int64(statement, 1, cents);
            sqlite3_bind_text(statement, 2, account, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(statement) == SQLITE_DONE) status = BILLING_STORE_OK;
        }
        sqlite3_finalize(statement);
    }
    if (status == BILLING_STORE_OK) {
        status = BILLING_STORE_ERROR;
        if (sqlite3_prepare_v2(db,
                               "INSERT INTO payments (account, amount_cents, paid_on, card_last4) "
                               "VALUES (?1, ?2, ?3, ?4)",
                               -1, &statement, NULL) == SQLITE_OK) {
            sqlite3_bind_text(statement, 1, account, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(statement, 2, cents);
            sqlite3_bind_text(statement, 3, date, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(statement, 4, found.card_last4, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(statement) == SQLITE_DONE) status = BILLING_STORE_OK;
        }
        sqlite3_finalize(statement);
    }
    if (status == BILLING_STORE_OK &&
        !set_reference("payments", "P", sqlite3_last_insert_rowid(db), out->confirmation, sizeof out->confirmation)) {
        status = BILLING_STORE_ERROR;
    }
    if (status == BILLING_STORE_OK && exec("COMMIT")) {
        out->amount_cents = cents;
        snprintf(out->date, sizeof out->date, "%s", date);
        memcpy(out->card_last4, found.card_last4, sizeof out->card_last4);
        *new_balance_cents = found.balance_cents - cents;
    } else {
        exec("ROLLBACK");
        if (status == BILLING_STORE_OK) status = BILLING_STORE_ERROR;
    }
    pthread_mutex_unlock(&lock);
    return status;
}

BillingStoreStatus billing_store_open_dispute(const char *account, int64_t charge_id, const char *date,
                                              char *reference, size_t reference_size) {
    pthread_mutex_lock(&lock);
    if (db == NULL || !exec("BEGIN IMMEDIATE")) {
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_ERROR;
    }
    /* The charge must be this account's; an open dispute on it is answered with its reference. */
    BillingStoreStatus status = BILLING_STORE_ERROR;
    sqlite3_stmt *statement;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT reference FROM disputes d WHERE d.charge_id = c.id AND d.status = 'open'"
                           "        ORDER BY d.id LIMIT 1) FROM charges c WHERE c.id = ?1 AND c.account = ?2",
                           -1, &statement, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(statement, 1, charge_id);
        sqlite3_bind_text(statement, 2, account, -1, SQLITE_TRANSIENT);
        int step = sqlite3_step(statement);
        if (step == SQLITE_ROW && sqlite3_column_type(statement, 0) != SQLITE_NULL) {
            copy_column(statement, 0, reference, reference_size);
            status = BILLING_STORE_REFUSED;
        } else if (step == SQLITE_ROW) {
            status = BILLING_STORE_OK;
        } else if (step == SQLITE_DONE) {
            status = BILLING_STORE_NOT_FOUND;
        }
        sqlite3_finalize(statement);
    }
    if (status == BILLING_STORE_OK) {
        status = BILLING_STORE_ERROR;
        if (sqlite3_prepare_v2(db, "INSERT INTO disputes (account, charge_id, opened_on) VALUES (?1, ?2, ?3)", -1,
                               &statement, NULL) == SQLITE_OK) {
            sqlite3_bind_text(statement, 1, account, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(statement, 2, charge_id);
            sqlite3_bind_text(statement, 3, date, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(statement) == SQLITE_DONE &&
                set_reference("disputes", "D", sqlite3_last_insert_rowid(db), reference, reference_size)) {
                status = BILLING_STORE_OK;
            }
            sqlite3_finalize(statement);
        }
    }
    if (status == BILLING_STORE_OK && exec("COMMIT")) {
        pthread_mutex_unlock(&lock);
        return BILLING_STORE_OK;
    }
    exec("ROLLBACK");
    pthread_mutex_unlock(&lock);
    return status == BILLING_STORE_OK ? BILLING_STORE_ERROR : status;
}
