-- Request → worker mapping for the runner (platform.md §3.4, §5.2). Precedence: x-worker-id, then
-- x-worker-name, then the Host header as a custom domain (exact, then without a ":port" suffix).
-- Projects/routes come later: the result type already carries project_id / backend_type /
-- assets_storage_id / priority so the runner's query does not change when they do.

CREATE TYPE request_resolution AS (
    worker_id uuid,
    project_id uuid,
    backend_type enum_backend_type,
    assets_storage_id uuid,
    priority integer
);

-- Named endpoints (until projects exist: named workers only).
CREATE VIEW endpoints AS
    SELECT name, 'worker'::enum_endpoint_type AS type, user_id, id AS worker_id, NULL::uuid AS project_id,
           created_at, updated_at
      FROM workers
     WHERE name IS NOT NULL;

CREATE OR REPLACE FUNCTION resolve_worker_from_request(p_domain text, p_worker_id uuid, p_worker_name text, p_path text)
RETURNS request_resolution LANGUAGE plpgsql STABLE AS $$
DECLARE
    v_worker uuid;
BEGIN
    IF p_worker_id IS NOT NULL THEN
        SELECT w.id INTO v_worker FROM workers w WHERE w.id = p_worker_id;
    ELSIF p_worker_name IS NOT NULL AND p_worker_name <> '' THEN
        SELECT e.worker_id INTO v_worker FROM endpoints e WHERE e.name = p_worker_name;
    ELSIF p_domain IS NOT NULL AND p_domain <> '' THEN
        SELECT d.worker_id INTO v_worker FROM domains d WHERE d.name = lower(p_domain);
        IF v_worker IS NULL AND p_domain ~ ':\d+$' THEN
            SELECT d.worker_id INTO v_worker FROM domains d WHERE d.name = lower(regexp_replace(p_domain, ':\d+$', ''));
        END IF;
    END IF;
    IF v_worker IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN ROW(v_worker, NULL::uuid, 'worker'::enum_backend_type, NULL::uuid, NULL::integer)::request_resolution;
END $$;
