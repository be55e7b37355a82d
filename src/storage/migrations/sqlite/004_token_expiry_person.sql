-- API tokens may expire, and may belong to a configured Person (for a console's sign-in later).
ALTER TABLE api_tokens ADD COLUMN expires_ms INTEGER;
ALTER TABLE api_tokens ADD COLUMN person TEXT;
