-- The email channel: every inbound message as received (stored before it is acknowledged),
-- the threads gridchat's own mail starts (reply tokens and Message-IDs), the health of each
-- address, and opt-outs from notices.
CREATE TABLE email_messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    -- The Message-ID (or a digest of the bytes when there is none): a repeat is not processed.
    message_id       TEXT NOT NULL UNIQUE,
    -- Envelope sender, else header From, lower-cased; empty for the null path of bounces.
    sender           TEXT NOT NULL,
    raw              BLOB NOT NULL,
    -- new (to be processed) | done | ignored (machine mail, rate limit) | failed
    status           TEXT NOT NULL,
    class            TEXT,
    -- The verified reply token's id, if the message carried one.
    token_id         TEXT,
    -- Authentication-Results from the trusted MTA showed DKIM or DMARC failing.
    auth_failed      BIGINT NOT NULL DEFAULT 0,
    note             TEXT,
    attempts         BIGINT NOT NULL DEFAULT 0,
    next_attempt_at  TEXT NOT NULL,
    received_at      TEXT NOT NULL
);
CREATE INDEX email_messages_due ON email_messages (status, next_attempt_at);
CREATE INDEX email_messages_by_sender ON email_messages (sender, received_at);

-- One row per mail gridchat sent: its token, its Message-ID, the conversation it belongs to
-- and the address it went to (the token is bound to it).
CREATE TABLE email_threads (
    token_id     TEXT PRIMARY KEY,
    message_id   TEXT NOT NULL UNIQUE,
    outbox_id    BIGINT NOT NULL,
    channel      TEXT NOT NULL,
    external_id  TEXT NOT NULL,
    recipient    TEXT NOT NULL,
    created_at   TEXT NOT NULL
);

CREATE TABLE email_addresses (
    address           TEXT PRIMARY KEY,
    hard_bounces      BIGINT NOT NULL DEFAULT 0,
    undeliverable_at  TEXT,
    updated_at        TEXT NOT NULL
);

-- Identities that asked for no more notices (email STOP, List-Unsubscribe).
CREATE TABLE notice_optouts (
    channel       TEXT NOT NULL,
    external_id   TEXT NOT NULL,
    opted_out_at  TEXT NOT NULL,
    PRIMARY KEY (channel, external_id)
);

-- The inbound message a reply answers, so channels can thread it.
ALTER TABLE outbox ADD COLUMN cause TEXT;
CREATE INDEX outbox_by_recipient ON outbox (channel, recipient, created_at);
