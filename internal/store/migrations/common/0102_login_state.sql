-- Sign-in throttling state shared by every instance: recent failures under
-- opaque keys (account and address pairs, accounts, addresses, device
-- cookies), and secrets made once (the key that signs device cookies).
CREATE TABLE login_failures (
    key TEXT     NOT NULL,
    at  {{time}} NOT NULL
);
CREATE INDEX login_failures_key_idx ON login_failures (key, at);
CREATE INDEX login_failures_at_idx ON login_failures (at);

CREATE TABLE secrets (
    name  TEXT     PRIMARY KEY,
    value {{blob}} NOT NULL
){{norowid}};
