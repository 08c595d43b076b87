-- Core OpenWorkers data model (platform.md §3.1–3.2): helpers, enums, users, environments,
-- workers and their deployments, domains, crons (+ cron_update NOTIFY), scheduled events, logs.
-- Projects / project routes come in a later migration (workers/domains will gain project_id then).

CREATE OR REPLACE FUNCTION auto_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.updated_at = CURRENT_TIMESTAMP;
    RETURN NEW;
END $$;

CREATE TYPE enum_external_users_provider AS ENUM ('github');
CREATE TYPE enum_logs_level AS ENUM ('error', 'warn', 'info', 'log', 'debug', 'trace');
CREATE TYPE enum_endpoint_type AS ENUM ('worker', 'project');
CREATE TYPE enum_binding_type AS ENUM ('var', 'secret', 'assets', 'storage', 'kv', 'database', 'worker');
CREATE TYPE enum_database_provider AS ENUM ('platform', 'postgres', 'planetscale');
CREATE TYPE auth_token_type AS ENUM ('set_password', 'password_reset');
CREATE TYPE enum_code_type AS ENUM ('javascript', 'typescript', 'wasm', 'snapshot');
CREATE TYPE enum_backend_type AS ENUM ('worker', 'storage');

CREATE TABLE users (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    username varchar(255) NOT NULL UNIQUE,
    avatar_url varchar(255),
    limit_workers integer NOT NULL DEFAULT 5,
    limit_environments integer NOT NULL DEFAULT 5,
    limit_databases integer NOT NULL DEFAULT 3,
    limit_kv integer NOT NULL DEFAULT 3,
    limit_storage integer NOT NULL DEFAULT 3,
    second_precision boolean NOT NULL DEFAULT false,
    password_hash varchar(255),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE TRIGGER users_updated_at BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE external_users (
    provider enum_external_users_provider NOT NULL,
    external_id varchar(255) NOT NULL,
    user_id uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (provider, external_id)
);
CREATE TRIGGER external_users_updated_at BEFORE UPDATE ON external_users FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE environments (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(255) NOT NULL,
    "desc" varchar(255),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (id, user_id),
    UNIQUE (user_id, name)
);
CREATE TRIGGER environments_updated_at BEFORE UPDATE ON environments FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

-- var/secret hold the literal value; every other binding type holds the UUID of the bound resource
-- (storage_configs, kv_configs, database_configs, workers) — checked by shape, no FK (as OpenWorkers).
CREATE TABLE environment_values (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    environment_id uuid NOT NULL,
    user_id uuid NOT NULL,
    key varchar(255) NOT NULL,
    value varchar(255) NOT NULL,
    type enum_binding_type NOT NULL DEFAULT 'var',
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (environment_id, user_id, key),
    FOREIGN KEY (environment_id, user_id) REFERENCES environments (id, user_id) ON DELETE CASCADE,
    CONSTRAINT environment_values_binding_value CHECK (
        type IN ('var', 'secret')
        OR value ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')
);
CREATE TRIGGER environment_values_updated_at BEFORE UPDATE ON environment_values FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

-- name NULL = anonymous function worker of a project (projects arrive in a later migration).
CREATE TABLE workers (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    name varchar(255),
    "desc" varchar(255),
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    environment_id uuid REFERENCES environments (id) ON DELETE SET NULL,
    current_version integer,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT workers_name_format CHECK (name ~* '^[a-z0-9]([a-z0-9-]*[a-z0-9])?$')
);
CREATE UNIQUE INDEX workers_name_unique ON workers (name) WHERE name IS NOT NULL;
CREATE INDEX workers_user_id ON workers (user_id);
CREATE TRIGGER workers_updated_at BEFORE UPDATE ON workers FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE worker_deployments (
    worker_id uuid NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    version integer NOT NULL,
    hash varchar(64) NOT NULL,
    code_type enum_code_type NOT NULL DEFAULT 'javascript',
    code bytea NOT NULL,
    deployed_at timestamptz NOT NULL DEFAULT now(),
    deployed_by uuid REFERENCES users (id) ON DELETE SET NULL,
    message text,
    PRIMARY KEY (worker_id, version),
    CONSTRAINT worker_deployments_hash_format CHECK (hash ~ '^[0-9a-f]{64}$')
);
CREATE INDEX worker_deployments_worker_hash ON worker_deployments (worker_id, hash);

CREATE TABLE domains (
    name varchar(255) PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    worker_id uuid NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX domains_worker_id ON domains (worker_id);
CREATE TRIGGER domains_updated_at BEFORE UPDATE ON domains FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

CREATE TABLE crons (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    value varchar(255) NOT NULL,
    worker_id uuid NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    last_run timestamptz,
    next_run timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    deleted_at timestamptz
);
CREATE INDEX crons_worker_id ON crons (worker_id);
CREATE TRIGGER crons_updated_at BEFORE UPDATE ON crons FOR EACH ROW EXECUTE FUNCTION auto_updated_at();

-- The scheduler LISTENs on cron_update and reloads its registry; the payload is the operation.
CREATE OR REPLACE FUNCTION notify_cron_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('cron_update', TG_OP);
    RETURN NULL;
END $$;
CREATE TRIGGER cron_update AFTER INSERT OR UPDATE OR DELETE ON crons
    FOR EACH ROW EXECUTE FUNCTION notify_cron_update();

CREATE TABLE scheduled_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    cron_id uuid NOT NULL REFERENCES crons (id) ON DELETE CASCADE,
    worker_id uuid NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    replied_at timestamptz,
    executed_at timestamptz NOT NULL,
    scheduled_at timestamptz NOT NULL
);
CREATE INDEX scheduled_events_worker_id ON scheduled_events (worker_id);

-- message is text (design.md §5): console lines longer than 255 characters must not fail the insert.
CREATE TABLE logs (
    date timestamptz NOT NULL DEFAULT now(),
    worker_id uuid NOT NULL REFERENCES workers (id) ON DELETE CASCADE,
    message text NOT NULL,
    level enum_logs_level NOT NULL DEFAULT 'log'
);
CREATE INDEX logs_worker_date ON logs (worker_id, date DESC);
