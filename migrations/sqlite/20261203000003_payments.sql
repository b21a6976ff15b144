-- Payments made through gridchat, saved bank accounts, terms, autopay, paperless, audit.

-- Bank account numbers exist only encrypted (AES-256-GCM, bound to the customer) and as
-- their last four digits for display.
CREATE TABLE bank_accounts (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_number    TEXT NOT NULL REFERENCES customers (number),
    nickname           TEXT NOT NULL,
    routing_number     TEXT NOT NULL,
    account_encrypted  TEXT NOT NULL,
    account_last4      TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    removed_at         TEXT
);
CREATE INDEX bank_accounts_by_customer ON bank_accounts (customer_number);

CREATE TABLE terms_acceptances (
    customer_number  TEXT NOT NULL REFERENCES customers (number),
    version          TEXT NOT NULL,
    accepted_at      TEXT NOT NULL,
    channel          TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    PRIMARY KEY (customer_number, version)
);

ALTER TABLE payments ADD COLUMN kind TEXT NOT NULL DEFAULT 'import';
ALTER TABLE payments ADD COLUMN confirmation TEXT;
-- From the inbound message that confirmed the payment: one message, one payment.
ALTER TABLE payments ADD COLUMN idempotency_key TEXT;
ALTER TABLE payments ADD COLUMN bank_account_id BIGINT REFERENCES bank_accounts (id);
ALTER TABLE payments ADD COLUMN posting_by TEXT;
ALTER TABLE payments ADD COLUMN made_by TEXT;
ALTER TABLE payments ADD COLUMN submitted_at TEXT;
ALTER TABLE payments ADD COLUMN posted_at TEXT;
ALTER TABLE payments ADD COLUMN cancelled_at TEXT;
CREATE UNIQUE INDEX payments_confirmation ON payments (confirmation);
CREATE UNIQUE INDEX payments_idempotency ON payments (idempotency_key);
CREATE INDEX payments_by_status ON payments (status, date);

CREATE TABLE autopay_enrollments (
    account_number   TEXT PRIMARY KEY REFERENCES accounts (number),
    bank_account_id  BIGINT NOT NULL REFERENCES bank_accounts (id),
    -- Bills with a statement date on or after this are paid automatically.
    since_date       TEXT NOT NULL,
    enrolled_at      TEXT NOT NULL
);

CREATE TABLE paperless_enrollments (
    account_number  TEXT PRIMARY KEY REFERENCES accounts (number),
    enrolled_at     TEXT NOT NULL
);

CREATE TABLE audit_log (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    customer_number  TEXT NOT NULL,
    channel          TEXT NOT NULL,
    actor            TEXT NOT NULL,
    event            TEXT NOT NULL,
    detail           TEXT NOT NULL,
    at               TEXT NOT NULL
);
CREATE INDEX audit_by_customer ON audit_log (customer_number, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
