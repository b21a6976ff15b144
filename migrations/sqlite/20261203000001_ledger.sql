-- The utility's ledger, as imported. Money in integer cents, energy in watt-hours, dates as
-- ISO text (YYYY-MM-DD), instants as RFC 3339 UTC text with fixed width so they sort.
CREATE TABLE customers (
    number       TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    email        TEXT,
    language     TEXT NOT NULL,
    segment      TEXT NOT NULL,
    billing_zip  TEXT NOT NULL
);

CREATE TABLE accounts (
    number               TEXT PRIMARY KEY,
    customer_number      TEXT NOT NULL REFERENCES customers (number),
    service_address      TEXT NOT NULL,
    service_zip          TEXT NOT NULL,
    rate_plan            TEXT,
    outage_group         TEXT,
    demand_kw            TEXT,
    deposit_cents        BIGINT,
    next_statement_date  TEXT
);
CREATE INDEX accounts_by_customer ON accounts (customer_number);

CREATE TABLE bills (
    account_number  TEXT NOT NULL REFERENCES accounts (number),
    statement_date  TEXT NOT NULL,
    due_date        TEXT NOT NULL,
    period_start    TEXT NOT NULL,
    period_end      TEXT NOT NULL,
    wh              BIGINT NOT NULL,
    amount_cents    BIGINT NOT NULL,
    PRIMARY KEY (account_number, statement_date)
);

-- One row per account and month, one nullable column per day: 30x fewer rows than a row per
-- day, and an import merges days with COALESCE so partial months never erase readings.
CREATE TABLE usage_months (
    account_number TEXT NOT NULL REFERENCES accounts (number),
    month          TEXT NOT NULL,
    d01 BIGINT, d02 BIGINT, d03 BIGINT, d04 BIGINT, d05 BIGINT, d06 BIGINT, d07 BIGINT, d08 BIGINT,
    d09 BIGINT, d10 BIGINT, d11 BIGINT, d12 BIGINT, d13 BIGINT, d14 BIGINT, d15 BIGINT, d16 BIGINT,
    d17 BIGINT, d18 BIGINT, d19 BIGINT, d20 BIGINT, d21 BIGINT, d22 BIGINT, d23 BIGINT, d24 BIGINT,
    d25 BIGINT, d26 BIGINT, d27 BIGINT, d28 BIGINT, d29 BIGINT, d30 BIGINT, d31 BIGINT,
    PRIMARY KEY (account_number, month)
);

CREATE TABLE payments (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account_number  TEXT NOT NULL REFERENCES accounts (number),
    date            TEXT NOT NULL,
    amount_cents    BIGINT NOT NULL,
    method          TEXT NOT NULL,
    status          TEXT NOT NULL,
    -- Imported rows: account|date|cents|method|n, so re-importing adds nothing.
    import_key      TEXT UNIQUE,
    created_at      TEXT NOT NULL
);
CREATE INDEX payments_by_account ON payments (account_number, date);
