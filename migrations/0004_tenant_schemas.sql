-- Tenant schemas for `platform` databases (platform.md §3.4): admin functions used by the API and
-- Postgate (SECURITY DEFINER, ownership checked against database_configs), and helpers tenants call.
-- Identifiers always go through format('%I'); column types are checked against a strict pattern and
-- defaults are either a known function form or quoted as a literal, so JSON input cannot inject SQL.

CREATE OR REPLACE FUNCTION tenant_check_access(p_user_id uuid, p_schema_name text) RETURNS void
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF p_schema_name IS NULL OR p_schema_name IN ('public', 'pg_catalog', 'information_schema', 'postgate_helpers')
       OR NOT EXISTS (SELECT 1 FROM database_configs WHERE user_id = p_user_id AND schema_name = p_schema_name) THEN
        RAISE EXCEPTION 'Access denied' USING ERRCODE = '42501';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION tenant_column_sql(p_column jsonb) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
    v_type text := lower(trim(p_column->>'type'));
    v_default text := p_column->>'default';
    v_sql text;
BEGIN
    IF p_column->>'name' IS NULL OR v_type IS NULL
       OR v_type !~ '^[a-z][a-z0-9 ]{0,40}(\(\d{1,4}(,\s*\d{1,4})?\))?(\[\])?$' THEN
        RAISE EXCEPTION 'Invalid column definition' USING ERRCODE = '22023';
    END IF;
    v_sql := format('%I %s', p_column->>'name', v_type);
    IF COALESCE((p_column->>'primaryKey')::boolean, false) THEN v_sql := v_sql || ' PRIMARY KEY'; END IF;
    IF COALESCE((p_column->>'notNull')::boolean, false) THEN v_sql := v_sql || ' NOT NULL'; END IF;
    IF COALESCE((p_column->>'unique')::boolean, false) THEN v_sql := v_sql || ' UNIQUE'; END IF;
    IF v_default IS NOT NULL THEN
        IF lower(v_default) IN ('now()', 'current_timestamp', 'gen_random_uuid()', 'true', 'false', 'null')
           OR v_default ~ '^-?\d+(\.\d+)?$' THEN
            v_sql := v_sql || ' DEFAULT ' || v_default;
        ELSE
            v_sql := v_sql || ' DEFAULT ' || quote_literal(v_default);
        END IF;
    END IF;
    RETURN v_sql;
END $$;

CREATE OR REPLACE FUNCTION create_tenant_schema(p_schema_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF p_schema_name !~ '^[a-z_][a-z0-9_]{0,62}$' OR p_schema_name IN ('public', 'postgate_helpers')
       OR p_schema_name LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'Invalid schema name' USING ERRCODE = '22023';
    END IF;
    EXECUTE format('CREATE SCHEMA IF NOT EXISTS %I', p_schema_name);
END $$;

CREATE OR REPLACE FUNCTION drop_tenant_schema(p_schema_name text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    IF p_schema_name IN ('public', 'postgate_helpers', 'information_schema') OR p_schema_name LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'Access denied' USING ERRCODE = '42501';
    END IF;
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', p_schema_name);
END $$;

CREATE OR REPLACE FUNCTION list_tenant_tables(p_user_id uuid, p_schema_name text)
RETURNS TABLE (table_name text)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    RETURN QUERY SELECT t.table_name::text FROM information_schema.tables t
                  WHERE t.table_schema = p_schema_name AND t.table_type = 'BASE TABLE' ORDER BY 1;
END $$;

CREATE OR REPLACE FUNCTION describe_tenant_table(p_user_id uuid, p_schema_name text, p_table_name text)
RETURNS TABLE (column_name text, data_type text, is_nullable boolean, column_default text, is_primary_key boolean)
LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    RETURN QUERY
        SELECT c.column_name::text, c.data_type::text, c.is_nullable = 'YES', c.column_default::text,
               EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                         JOIN information_schema.key_column_usage k
                           ON k.constraint_name = tc.constraint_name AND k.table_schema = tc.table_schema
                        WHERE tc.table_schema = p_schema_name AND tc.table_name = p_table_name
                          AND tc.constraint_type = 'PRIMARY KEY' AND k.column_name = c.column_name)
          FROM information_schema.columns c
         WHERE c.table_schema = p_schema_name AND c.table_name = p_table_name
         ORDER BY c.ordinal_position;
END $$;

CREATE OR REPLACE FUNCTION create_tenant_table(p_user_id uuid, p_schema_name text, p_table_name text, p_columns jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    v_defs text;
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    IF jsonb_typeof(p_columns) <> 'array' OR jsonb_array_length(p_columns) = 0 THEN
        RAISE EXCEPTION 'Invalid column definition' USING ERRCODE = '22023';
    END IF;
    SELECT string_agg(tenant_column_sql(col), ', ') INTO v_defs FROM jsonb_array_elements(p_columns) AS col;
    EXECUTE format('CREATE TABLE %I.%I (%s)', p_schema_name, p_table_name, v_defs);
END $$;

CREATE OR REPLACE FUNCTION drop_tenant_table(p_user_id uuid, p_schema_name text, p_table_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    EXECUTE format('DROP TABLE %I.%I', p_schema_name, p_table_name);
END $$;

CREATE OR REPLACE FUNCTION add_tenant_column(p_user_id uuid, p_schema_name text, p_table_name text, p_column jsonb)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    EXECUTE format('ALTER TABLE %I.%I ADD COLUMN %s', p_schema_name, p_table_name, tenant_column_sql(p_column));
END $$;

CREATE OR REPLACE FUNCTION drop_tenant_column(p_user_id uuid, p_schema_name text, p_table_name text, p_column_name text)
RETURNS void LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
    PERFORM tenant_check_access(p_user_id, p_schema_name);
    EXECUTE format('ALTER TABLE %I.%I DROP COLUMN %I', p_schema_name, p_table_name, p_column_name);
END $$;

-- Postgate-CLI compatibility: a platform database owned by the system user, schema tenant_<uuid hex>.
CREATE OR REPLACE FUNCTION create_tenant_database(p_name text, p_max_rows integer DEFAULT 1000)
RETURNS TABLE (id uuid, schema_name text)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    v_id uuid := gen_random_uuid();
    v_schema text := 'tenant_' || replace(v_id::text, '-', '');
BEGIN
    PERFORM create_tenant_schema(v_schema);
    INSERT INTO database_configs (id, user_id, name, provider, schema_name, max_rows)
    VALUES (v_id, '00000000-0000-0000-0000-000000000000', p_name, 'platform', v_schema, p_max_rows);
    RETURN QUERY SELECT v_id, v_schema;
END $$;

-- Callable by tenants (their search_path is their schema): never public or postgate_helpers itself.
CREATE SCHEMA IF NOT EXISTS postgate_helpers;

CREATE OR REPLACE FUNCTION postgate_helpers.list_tables() RETURNS TABLE (table_name text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF current_schema() IN ('public', 'postgate_helpers') THEN
        RAISE EXCEPTION 'Access denied' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT t.table_name::text FROM information_schema.tables t
                  WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE' ORDER BY 1;
END $$;

CREATE OR REPLACE FUNCTION postgate_helpers.describe_table(p_table_name text)
RETURNS TABLE (column_name text, data_type text, is_nullable boolean, column_default text)
LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF current_schema() IN ('public', 'postgate_helpers') THEN
        RAISE EXCEPTION 'Access denied' USING ERRCODE = '42501';
    END IF;
    RETURN QUERY SELECT c.column_name::text, c.data_type::text, c.is_nullable = 'YES', c.column_default::text
                   FROM information_schema.columns c
                  WHERE c.table_schema = current_schema() AND c.table_name = p_table_name
                  ORDER BY c.ordinal_position;
END $$;
