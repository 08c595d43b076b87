-- Binding targets (platform.md §3.2): KV namespaces and data, storage configs, databases and
-- their Postgate tokens, plus the Postgate views (§3.3).

CREATE TABLE kv_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name varchar(255) NOT NULL,
    "desc" varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, name)
);
CREATE TRIGGER kv_configs_updated_at BEFORE UPDATE ON kv_configs FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE kv_data (
    namespace_id uuid NOT NULL REFERENCES kv_configs (id) ON DELETE CASCADE,
    key text NOT NULL,
    value jsonb NOT NULL,
    expires_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (namespace_id, key)
);
CREATE INDEX kv_data_expires_at ON kv_data (expires_at) WHERE expires_at IS NOT NULL;
CREATE TRIGGER kv_data_updated_at BEFORE UPDATE ON kv_data FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

-- Used by `assets` (read-only) and `storage` (read/write) bindings. secret_access_key is plaintext,
-- as in OpenWorkers (platform.md §13.12).
CREATE TABLE storage_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name varchar(255) NOT NULL,
    "desc" varchar(255),
    bucket varchar(255) NOT NULL,
    prefix varchar(255),
    access_key_id varchar(255) NOT NULL,
    secret_access_key varchar(255) NOT NULL,
    endpoint varchar(255),
    region varchar(255),
    public_url varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (user_id, name)
);
CREATE TRIGGER storage_configs_updated_at BEFORE UPDATE ON storage_configs FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE database_configs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name varchar(100) NOT NULL,
    "desc" varchar(255),
    provider enum_database_provider NOT NULL DEFAULT 'platform',
    connection_string text,
    schema_name varchar(100) UNIQUE,
    max_rows integer NOT NULL DEFAULT 1000,
    timeout_seconds integer NOT NULL DEFAULT 30,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT database_configs_provider_target CHECK (
        (provider = 'platform' AND schema_name IS NOT NULL)
        OR (provider IN ('postgres', 'planetscale') AND connection_string IS NOT NULL))
);
CREATE TRIGGER database_configs_updated_at BEFORE UPDATE ON database_configs FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE database_tokens (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    database_id uuid NOT NULL REFERENCES database_configs (id) ON DELETE CASCADE,
    name varchar(100) NOT NULL DEFAULT 'default',
    token_hash varchar(64) NOT NULL UNIQUE,
    token_prefix varchar(8) NOT NULL,
    allowed_operations text[] NOT NULL DEFAULT ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE'],
    created_at timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    UNIQUE (database_id, name)
);

CREATE VIEW postgate_databases AS
    SELECT id, name,
           CASE WHEN provider = 'platform' THEN 'schema' ELSE 'dedicated' END AS backend_type,
           schema_name, connection_string, max_rows, created_at
      FROM database_configs;

CREATE VIEW postgate_tokens AS
    SELECT id, database_id, name, token_hash, token_prefix, allowed_operations, created_at, last_used_at
      FROM database_tokens;

CREATE OR REPLACE FUNCTION postgate_tokens_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO database_tokens (id, database_id, name, token_hash, token_prefix, allowed_operations)
        VALUES (COALESCE(NEW.id, gen_random_uuid()), NEW.database_id, COALESCE(NEW.name, 'default'),
                NEW.token_hash, NEW.token_prefix,
                COALESCE(NEW.allowed_operations, ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE']))
        ON CONFLICT (database_id, name) DO UPDATE
            SET token_hash = EXCLUDED.token_hash, token_prefix = EXCLUDED.token_prefix,
                allowed_operations = EXCLUDED.allowed_operations, created_at = now(), last_used_at = NULL
        RETURNING id INTO NEW.id;
        RETURN NEW;
    ELSIF TG_OP = 'UPDATE' THEN
        UPDATE database_tokens SET last_used_at = NEW.last_used_at WHERE id = OLD.id;
        RETURN NEW;
    ELSE
        DELETE FROM database_tokens WHERE id = OLD.id;
        RETURN OLD;
    END IF;
END $$;
CREATE TRIGGER postgate_tokens_write INSTEAD OF INSERT OR UPDATE OR DELETE ON postgate_tokens
    FOR EACH ROW EXECUTE FUNCTION postgate_tokens_write();
