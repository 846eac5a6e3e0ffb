-- made by make_old_pools.py; schema version 5
CREATE TABLE audit_log (
    id bigint NOT NULL,
    at double precision NOT NULL,
    actor text NOT NULL,
    action text NOT NULL,
    ref text,
    detail text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE TABLE documents (
    ref text NOT NULL COLLATE pg_catalog."C",
    slot text NOT NULL,
    sealed bytea NOT NULL
);
CREATE TABLE policy_rules (
    id bigint NOT NULL,
    ptype text NOT NULL,
    v0 text DEFAULT ''::text NOT NULL,
    v1 text DEFAULT ''::text NOT NULL,
    v2 text DEFAULT ''::text NOT NULL,
    v3 text DEFAULT ''::text NOT NULL
);
ALTER TABLE policy_rules ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME policy_rules_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE pool_keys (
    name text NOT NULL,
    fingerprint text NOT NULL,
    added_at double precision NOT NULL
);
CREATE TABLE results (
    ref text NOT NULL COLLATE pg_catalog."C",
    payload text NOT NULL,
    decision text,
    created_at double precision NOT NULL
);
CREATE TABLE scheduler_leader (
    id integer NOT NULL,
    holder text NOT NULL,
    lease_until double precision NOT NULL,
    CONSTRAINT scheduler_leader_id_check CHECK ((id = 1))
);
CREATE TABLE schedules (
    name text NOT NULL,
    cron text NOT NULL,
    timezone text NOT NULL,
    command text NOT NULL,
    workdir text NOT NULL,
    next_run_at double precision NOT NULL,
    last_run_at double precision,
    last_status text,
    created_at double precision NOT NULL
);
CREATE TABLE schema_version (
    version integer NOT NULL,
    applied_at double precision NOT NULL
);
CREATE TABLE tasks (
    id bigint NOT NULL,
    ref text NOT NULL COLLATE pg_catalog."C",
    kind text NOT NULL,
    pool text NOT NULL,
    priority text NOT NULL,
    scopes text[] DEFAULT '{}'::text[] NOT NULL,
    payload text NOT NULL,
    status text DEFAULT 'pending'::text NOT NULL,
    attempts integer DEFAULT 0 NOT NULL,
    max_attempts integer DEFAULT 3 NOT NULL,
    lease_token text,
    leased_by text,
    lease_until double precision,
    not_before double precision DEFAULT 0 NOT NULL,
    claim_key double precision NOT NULL,
    deadline double precision NOT NULL,
    last_error text,
    created_at double precision NOT NULL,
    updated_at double precision NOT NULL,
    started_at double precision,
    finished_at double precision,
    id_hash text,
    postponed_since double precision,
    CONSTRAINT tasks_priority_check CHECK ((priority = ANY (ARRAY['high'::text, 'normal'::text, 'low'::text]))),
    CONSTRAINT tasks_status_check CHECK ((status = ANY (ARRAY['pending'::text, 'running'::text, 'done'::text, 'failed'::text, 'dead'::text, 'cancelled'::text])))
);
ALTER TABLE tasks ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
    SEQUENCE NAME tasks_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);
CREATE TABLE users (
    name text NOT NULL,
    password_hash text NOT NULL,
    role text NOT NULL,
    disabled boolean DEFAULT false NOT NULL,
    created_at double precision NOT NULL,
    updated_at double precision NOT NULL,
    CONSTRAINT users_role_check CHECK ((role = ANY (ARRAY['reviewer'::text, 'operator'::text, 'admin'::text])))
);
INSERT INTO audit_log VALUES (1, 1796202140.1273096, 'fixture', 'grant.changed', NULL, '{"granted":["ocr"],"pools":["*"],"robot":"default"}', '0000000000000000000000000000000000000000000000000000000000000000', 'v2:5f5fbef9783219ec0ba90037eea910937b177c52a22d239bde77a57f9e6fff59');
INSERT INTO audit_log VALUES (2, 1796202141.2160623, 'fixture', 'fixture.made', 'OLD-1', '{"n":1}', 'v2:5f5fbef9783219ec0ba90037eea910937b177c52a22d239bde77a57f9e6fff59', 'v2:a272898874dd1b356b6f1c6546de953eed94e1e283414465277a5e59cac16036');
INSERT INTO documents VALUES ('OLD-1', 'id_front', '\x76313a6b39663034323436303a495d7414c27c5949f8803ae8b2b69175f51fd1a1ddbc894e55752e6f3b2615e83b37d2c8fab35de302d26ab8a5995bf077c46eac173e');
INSERT INTO policy_rules OVERRIDING SYSTEM VALUE VALUES (1, 'p', 'default', '*', 'ocr', 'use');
INSERT INTO policy_rules OVERRIDING SYSTEM VALUE VALUES (2, 'g', 'default', 'default', '*', '');
INSERT INTO pool_keys VALUES ('audit', '226b8ac2e9c6bdc3', 1796202140.0070605);
INSERT INTO pool_keys VALUES ('data:k9f042460', '0ed97b93a8ef9dde', 1796202140.0081606);
INSERT INTO pool_keys VALUES ('lookup', '942edd5abffb5070', 1796202140.0083957);
INSERT INTO results VALUES ('OLD-1', 'v1:k9f042460:gPLZBiuWXHV8BMC4j5ppWbn7HhVM5on/AeZ8ad1LK8ihFY7fvhUL6XHkZK3BmlCckUAp5OeQa2x1YCVxcr4q8JjS8AC3FidQY/k/TkFPoa94x3R5y7bPaYVsAdqpTNkz0gVKiUMsXa8aCwhq5XM2uf/C6fLx8lKBkEAVTxX6+ovWqAuzBFRQQpjukt4Cz+HxNZ8CUeKTMwfnq34FDWMyjP8SQ46dywvdUckHh02PWWx2yRmoopUEbbg5p9uBSbBAvjZe/LY7cir0Hdrrrd22aW4snYyWMHgQt5zIa1svllCQ+bhomtwbr+Wk01Qn6HYm4SgSxlwnt4MwSZoWKFCMDHzng6JMXhYzf8JLC+bPNLvU1tlxRnGaAgmd+41QMxBMVbctBcX146rhUoMimKSvQ/oRGsNhc4f1DlJejJUodEdeJrL6zlKmoOnaIlROnRMmm1qDHVUQ3CrO6yPD880+6VyVnL8P', 'review', 1796202140.0563138);
INSERT INTO results VALUES ('OLD-2', 'v1:k9f042460:CuUVi+6Wquvm8RXG0WEQXskTezEw1MepcysF++nul6Iz/JOD0qOnGSJFPhv/Up2924aRXZZc9mRdTFi/1AsoLTsxqb9KviSLuZjxN66fXm87eEuSMwg8m22gXHCiB9xNuKvpjsZEihzTEYmlAUe63WoVH9uF7+lYMuWIIRApwd+258ZM2CIqOuKo+N2NFe2vziaKvoeQ4cL+OTDWBEwsgegGH5Uip2eYWscMRqSDQFEB91irDuV+G1qeVayIYwddna/Uh7UrfTVAaB6OKg9ZshJQC4VwKxMKp+JjXLL+SzSgBLv5g+8ld0FzGP0YjHmyPNGhpFElRH+jWU7ODN5CzsT0ebGHluJ57Q+R6fIU5H5Ajl7unR2E2wc3y+wk6HNrb/vI2Pc7plVUmYuvQh/pF0PE/86U07u79tLEUTuqGAL36zKjwYXbswr9D0JHJhfVVISZD0b+ecoY+wZbkWpNwwA=', 'review', 1796202140.0651603);
INSERT INTO schedules VALUES ('nightly', '0 2 * * *', 'UTC', '["veribot", "status"]', '.', 1790042400, NULL, NULL, 1790000000);
INSERT INTO schema_version VALUES (1, 1796202139.840948);
INSERT INTO schema_version VALUES (2, 1796202139.920395);
INSERT INTO schema_version VALUES (3, 1796202139.9602637);
INSERT INTO schema_version VALUES (4, 1796202139.984298);
INSERT INTO schema_version VALUES (5, 1796202139.9850676);
INSERT INTO tasks OVERRIDING SYSTEM VALUE VALUES (4, 'OLD-4', 'echo', 'shenzhen', 'normal', '{}', 'v1:k9f042460:b4C4WoGU2koSgz933qsqkvKIgU/JwfQVndEbFvpbuR2nUDWh5FOPAtzq3xAHxxfyp86ZQZnPzmIoBiguA1tWRwQnK3lxi7FqU+uXcu2XSaJHO8/G+8XAeQpPaExqLfP/76ExZAgBm1Cr5Ja/pH64nZxg90Akn1vEF0CwBCMdZHAArWtaxzAqNr0KUOsOLS6MUdDSXxma6SyAPghSsR7ulENCw7mpfhW22aTzaktRNAc7TvMpgV6gQxuyOcNkbCULC6pZdn6o6DKdOUWWNNCH7cRwGkxQR1198WrcK1iyNjxWrtj6x5a3iGosnI9fvP1OdmUkqMHpvTjb8JMA7Dr5pIFQBg9pkzpw/SjqAGThVdGWCybvsK7mwk76nMytuhawiqWcWCX7LBWeIU1JsdxkOZmIkaVqjg==', 'pending', 0, 3, NULL, NULL, NULL, 0, 1796202200.0123339, 1796205740.0123339, NULL, 1796202140.0123339, 1796202140.0123339, NULL, NULL, '19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486', NULL);
INSERT INTO tasks OVERRIDING SYSTEM VALUE VALUES (5, 'OLD-5', 'echo', 'shenzhen', 'normal', '{}', 'v1:k9f042460:5bUdBWo/ROrrOW1WeNZU+tIWGBpH5Gy2vJPoNsWHY5AKDBXFz+YT/7WDVX1n+2wZ9xae03Do5HXVOcHcWHq36Dv/yP4oHPgrPTHviFbpbgvlxWet9EX/1beqStcKRtjV9GPLaZ+lAYezlmGsXJE0tl7Q5GdV/QGFfSCkgG+3URg0oqQ9lvHDxLlB78/XEbBZ98cOwnvX0Mp4V2i0kgD4PFF8V8IJoj9tvujJ8eSOPNXZHH7Wpz6xmqeliCwQGAPYAOQiSEygkcPa/1lArp9cCt2Sszkslxwkc4Reg+WBIEfXbdv7xzS9q8lDFsuSBj+sB7uwIVrKcatS9+qRLO9htc2bzbEVRCFCnVEiNjiMkoLXi2K77v6rLNqUF71FSGiSmqIAaBk5ZVIS0kMgtq6kFUydCzJDgg==', 'pending', 0, 3, NULL, NULL, NULL, 0, 1796202200.0123339, 1796205740.0123339, NULL, 1796202140.0123339, 1796202140.0123339, NULL, NULL, '19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486', NULL);
INSERT INTO tasks OVERRIDING SYSTEM VALUE VALUES (1, 'OLD-1', 'echo', 'shenzhen', 'normal', '{}', 'v1:k9f042460:YRyPqRodShPlKHzcLPU/LOrTkHXICpxxAGUEvOQBagDPBdMGFf82bX34/FPiqVWDC1T/zLU54mtwwNZpjkMk1l3kKwSq527TdXBknm+4itw6PrIbaFh5YiRKmObSj8uuQMwcw5HdjupsKqsl+9zJBYkz7V0XJoZK0Z52FTMooREF/qtW80FOz0cBXCLj07xJjMdTeO9BM0fXsby7Rg76/B4uvVIcsYsb3jQoXeG/625g157tOoZp/T8m6DMVxVXFnRSha1X3YGLrIl7w5ixJCU5aiHfstK89eRPw/XiRftTRlhzv+vpW72kpurJGsIIBn7nANpvFBqaxdGLUcq2ZTJQh0gGAa6Bp8rtGNZuC6x4nIO1Ppk0Yzve3+LjdjPi78KpSojDBKoZ/ue50VO8YSTvspT1mLyWIDikLY6w0wfW4vqpvLzr7lotHdwJoxw==', 'done', 1, 3, NULL, 'old-worker', NULL, 0, 1796202200.0123339, 1796205740.0123339, NULL, 1796202140.0123339, 1796202140.0563138, 1796202140.040098, 1796202140.0563138, '19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486', NULL);
INSERT INTO tasks OVERRIDING SYSTEM VALUE VALUES (2, 'OLD-2', 'echo', 'shenzhen', 'normal', '{}', 'v1:k9f042460:3RTtgNYLivGGnvEDIhq1usdLN3XlSKzefjbXQUzQa+ryXOLPOjy0amvE78YTWklIpLfpBFYjT6pS0Q2Sdeb9ISUal+Ke8xqOyZSZAVf6dGEpBfm04587ePg9JaPDzdTI1LAXQlADDqsZG9F1IcoqsGoEyWIVa5KhUppKNxg6lFeot0CD+8sXEoWM+XsURHSiuirqQ7PY50uhuOe7m5loO9i/UWeG2QczxMRu8U8yLRuyQQoTantOEyjVdO5uwolCGlegyt474Q/yZsgT1bMXnF9LBF+uZJFaJ/nVzQmwJoWna5C6kreCRahpCT9e1rOCY9MqLolQCVK9uCogL0P2KFAhMfHRkPCSLQnqzvrsUJLY7NOeWg1SYKVQ9TBZ9yO43HFv9s1HaAFDSSUPn6f5D0Yn99iiiQ==', 'dead', 1, 3, NULL, 'old-worker', NULL, 0, 1796202200.0123339, 1796205740.0123339, 'rule says no', 1796202140.0123339, 1796202140.0651603, 1796202140.040098, 1796202140.0651603, '19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486', NULL);
INSERT INTO tasks OVERRIDING SYSTEM VALUE VALUES (3, 'OLD-3', 'echo', 'shenzhen', 'normal', '{}', 'v1:k9f042460:y/2iGIEtiY9DHqU5Uapkfs3/OCSUfvqKFgNOZLVdpxCJp+c35yJQkKgejRKbb9EqbTEVxa985cHasQ0A958NnAywwAqcJNNXSD0f4xMnmj3lW9co6OhEh9S03iJ32FAQwBwp7fdXc7z6nBnVmk3bKJ+IleI0UhtgBtNrIt741Io7d73LDNgfmyfNUghxQaNy1iKvHIWvkX2TV9Qq37f2GNqeEBwzGQzkYFitDb2IPxqxT7a+MZfAQ/wv8+KHzy+u5X+wlWKCsnKANCO7tV8kjamblG1vLCpiHZS+Vq7lGjGOMAlaUSoWZ6rrkdo7nY3UK1/uCLOaOG+s+gM85dbVVPQ7Jgg/zeTnMDO9ZdKBFB78Bornbf+YxQtAIcYM6ho9ayu9u3Uj/mZrqOAaNR/d0NB8eI9vJQ==', 'failed', 1, 3, NULL, 'old-worker', NULL, 4102444800.0, 1796202200.0123339, 1796205740.0123339, 'registry timed out', 1796202140.0123339, 1796202140.0898762, 1796202140.040098, NULL, '19a018e14cb315621a25e1b4fd9fd7e761a6d83e68d51dc2ff990efd8e689486', NULL);
INSERT INTO users VALUES ('li', '$argon2id$v=19$m=65536,t=3,p=4$3yptSMdr+1Ph4cHdYLGchg$kNGM6jM4UmN9cYgDnarZak5mQM4HSUf1pKSn7uQgxzI', 'reviewer', false, 1796202141.2080235, 1796202141.2080235);
SELECT pg_catalog.setval('policy_rules_id_seq', 2, true);
SELECT pg_catalog.setval('tasks_id_seq', 5, true);
ALTER TABLE ONLY audit_log
    ADD CONSTRAINT audit_log_pkey PRIMARY KEY (id);
ALTER TABLE ONLY documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (ref, slot);
ALTER TABLE ONLY policy_rules
    ADD CONSTRAINT policy_rules_pkey PRIMARY KEY (id);
ALTER TABLE ONLY policy_rules
    ADD CONSTRAINT policy_rules_ptype_v0_v1_v2_v3_key UNIQUE (ptype, v0, v1, v2, v3);
ALTER TABLE ONLY pool_keys
    ADD CONSTRAINT pool_keys_pkey PRIMARY KEY (name);
ALTER TABLE ONLY results
    ADD CONSTRAINT results_pkey PRIMARY KEY (ref);
ALTER TABLE ONLY scheduler_leader
    ADD CONSTRAINT scheduler_leader_pkey PRIMARY KEY (id);
ALTER TABLE ONLY schedules
    ADD CONSTRAINT schedules_pkey PRIMARY KEY (name);
ALTER TABLE ONLY schema_version
    ADD CONSTRAINT schema_version_pkey PRIMARY KEY (version);
ALTER TABLE ONLY tasks
    ADD CONSTRAINT tasks_pkey PRIMARY KEY (id);
ALTER TABLE ONLY tasks
    ADD CONSTRAINT tasks_ref_key UNIQUE (ref);
ALTER TABLE ONLY users
    ADD CONSTRAINT users_pkey PRIMARY KEY (name);
CREATE INDEX audit_log_ref ON audit_log USING btree (ref);
CREATE INDEX tasks_claim_order ON tasks USING btree (claim_key, id) WHERE (status = ANY (ARRAY['pending'::text, 'failed'::text]));
CREATE INDEX tasks_deadline ON tasks USING btree (deadline) WHERE (status = ANY (ARRAY['pending'::text, 'running'::text, 'failed'::text]));
CREATE INDEX tasks_finished ON tasks USING btree (finished_at) WHERE (status = ANY (ARRAY['done'::text, 'dead'::text, 'cancelled'::text]));
CREATE INDEX tasks_id_hash ON tasks USING btree (id_hash);
CREATE INDEX tasks_lease ON tasks USING btree (lease_until) WHERE (status = 'running'::text);
ALTER TABLE ONLY documents
    ADD CONSTRAINT documents_ref_fkey FOREIGN KEY (ref) REFERENCES tasks(ref);
ALTER TABLE ONLY results
    ADD CONSTRAINT results_ref_fkey FOREIGN KEY (ref) REFERENCES tasks(ref);
