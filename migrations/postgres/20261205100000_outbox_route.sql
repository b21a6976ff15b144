-- Where a channel delivers a row when that is not the recipient itself (a Telegram reply goes
-- to the chat the message came from, while the recipient stays the user id the conversation
-- belongs to), and how many parts of a multi-part delivery (text, chart, file) already went
-- out, so a retry continues instead of repeating them.
ALTER TABLE outbox ADD COLUMN route TEXT;
ALTER TABLE outbox ADD COLUMN parts_sent BIGINT NOT NULL DEFAULT 0;
