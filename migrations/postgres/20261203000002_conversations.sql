-- Identities, links, conversations, and the exactly-once machinery (inbound marks, outbox).
CREATE TABLE links (
    channel          TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    customer_number  TEXT NOT NULL REFERENCES customers (number),
    linked_at        TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);
CREATE INDEX links_by_customer ON links (customer_number);

CREATE TABLE link_attempts (
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    failures      BIGINT NOT NULL,
    locked_until  TEXT,
    PRIMARY KEY (channel, external_id)
);

-- Only a salted hash of each code is kept; the code itself exists only in the email.
CREATE TABLE link_codes (
    channel          TEXT NOT NULL,
    external_id      TEXT NOT NULL,
    customer_number  TEXT NOT NULL REFERENCES customers (number),
    salt             TEXT NOT NULL,
    code_hash        TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);

CREATE TABLE conversations (
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    state        TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);

CREATE TABLE inbound (
    channel      TEXT NOT NULL,
    message_id   TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    PRIMARY KEY (channel, message_id)
);

CREATE TABLE outbox (
    id               BIGSERIAL PRIMARY KEY,
    channel          TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    kind             TEXT NOT NULL,
    payload          TEXT NOT NULL,
    -- (event, recipient, channel) for notifications, so a re-run adds nothing.
    dedup_key        TEXT UNIQUE,
    status           TEXT NOT NULL,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    last_error       TEXT,
    created_at       TEXT NOT NULL,
    sent_at          TEXT
);
CREATE INDEX outbox_due ON outbox (channel, status, next_attempt_at);
