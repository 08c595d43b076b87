-- Authentication (platform.md §3.2): API keys, one-time auth tokens, and the seeded system user
-- and platform database ("openworkers-api", schema public), both with the nil UUID.

CREATE TABLE api_keys (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name varchar(100) NOT NULL,
    "desc" text,
    token_prefix varchar(12) NOT NULL,
    token_hash varchar(64) NOT NULL UNIQUE,
    last_used_at timestamptz,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_user_id ON api_keys (user_id);

-- set_password tokens live 24 h, password_reset 1 h (set by the API in expires_at).
CREATE TABLE auth_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token varchar(64) NOT NULL UNIQUE,
    type auth_token_type NOT NULL,
    expires_at timestamptz NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE OR REPLACE FUNCTION auth_tokens_delete_expired() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM auth_tokens WHERE expires_at < now();
    RETURN NULL;
END $$;
CREATE TRIGGER auth_tokens_delete_expired AFTER INSERT ON auth_tokens
    FOR EACH STATEMENT EXECUTE FUNCTION auth_tokens_delete_expired();

INSERT INTO users (id, username, limit_workers, limit_environments, limit_databases, limit_kv, limit_storage)
VALUES ('00000000-0000-0000-0000-000000000000', '__system__', 0, 0, 1000, 0, 0);

INSERT INTO database_configs (id, user_id, name, provider, schema_name, max_rows)
VALUES ('00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000',
        'openworkers-api', 'platform', 'public', 10000);
