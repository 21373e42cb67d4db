-- ophamp schema, version 4: the whole latest schema. Embedded in the binary at build time and
-- applied to an empty database (user_version 0) in one step; older files are upgraded by the
-- frozen migrations in src/store/migrations/ (version 1 to 2 adds the case_search index, 2 to 3 the
-- settings table and the report's summary, 3 to 4 the log of signed actions). After an
-- upgrade every object has exactly the text written here: `ophamp check` compares them.
--
-- Vocabulary checks are written `x = 'a' OR x = 'b' …`, not `x IN ('a', 'b', …)`: SQLite
-- builds a temporary index for an IN list every time a row is written, which made each
-- insert more than twice as slow.
--
-- Times are INTEGER seconds since 1970-01-01T00:00:00Z (UTC). The database refuses what the
-- rules refuse: unknown enum values, the victim in any other role of their own case,
-- not-applicable without a reason, closing with a step pending, a second person with the same
-- staff number, edits to the log, and any change made outside an action of the program.

CREATE TABLE people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    number      TEXT NOT NULL UNIQUE CHECK (length(number) BETWEEN 1 AND 20),
    role        TEXT NOT NULL DEFAULT 'officer'
                CHECK (role = 'officer' OR role = 'special' OR role = 'pcso' OR role = 'staff' OR
                       role = 'volunteer'),
    rank        TEXT CHECK (length(rank) <= 60),
    team        TEXT CHECK (length(team) <= 100),
    created_at  INTEGER NOT NULL
) STRICT;
CREATE INDEX people_name ON people(name COLLATE NOCASE);

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    uuid                TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),
    reference           TEXT NOT NULL UNIQUE
                        CHECK (reference GLOB 'OPH-[0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9]'),
    victim_id           INTEGER NOT NULL REFERENCES people(id),
    -- Role holders. The victim never investigates their own assault nor takes their own
    -- statement (point c).
    supervisor_id       INTEGER NOT NULL REFERENCES people(id),
    second_line_id      INTEGER REFERENCES people(id),
    investigator_id     INTEGER REFERENCES people(id)
                        CHECK (investigator_id IS NOT victim_id),
    statement_taker_id  INTEGER REFERENCES people(id)
                        CHECK (statement_taker_id IS NOT victim_id),
    welfare_officer_id  INTEGER REFERENCES people(id),
    occurred_at         INTEGER NOT NULL,
    reported_at         INTEGER NOT NULL,
    location            TEXT NOT NULL CHECK (length(location) BETWEEN 1 AND 200),
    location_kind       TEXT NOT NULL DEFAULT 'other'
                        CHECK (location_kind = 'street' OR location_kind = 'dwelling' OR
                               location_kind = 'vehicle' OR location_kind = 'custody' OR
                               location_kind = 'station' OR location_kind = 'hospital' OR
                               location_kind = 'other'),
    offence             TEXT CHECK (length(offence) <= 200),
    summary             TEXT CHECK (length(summary) <= 4000),
    mechanism           TEXT CHECK (mechanism = 'punch' OR mechanism = 'kick' OR
                                    mechanism = 'spit' OR mechanism = 'bite' OR
                                    mechanism = 'weapon' OR mechanism = 'vehicle' OR
                                    mechanism = 'other'),
    injury              TEXT NOT NULL DEFAULT 'none'
                        CHECK (injury = 'none' OR injury = 'minor' OR injury = 'serious'),
    body_part           TEXT CHECK (length(body_part) <= 100),
    treatment           TEXT CHECK (treatment = 'none' OR treatment = 'first-aid' OR
                                    treatment = 'hospital' OR treatment = 'admitted'),
    specified_injury    INTEGER NOT NULL DEFAULT 0 CHECK (specified_injury = 0 OR
                                                          specified_injury = 1),
    days_off            INTEGER NOT NULL DEFAULT 0 CHECK (days_off BETWEEN 0 AND 3660),
    off_work            INTEGER NOT NULL DEFAULT 0 CHECK (off_work = 0 OR off_work = 1),
    offender_known      INTEGER CHECK (offender_known = 0 OR offender_known = 1),
    arrested_at         INTEGER,
    thor                TEXT CHECK (length(thor) <= 4000),
    crime_reference     TEXT CHECK (length(crime_reference) BETWEEN 1 AND 40),
    -- Victim Code: support referral offered and answered, enhanced rights decided, VPS offered.
    referral            TEXT CHECK (referral = 'accepted' OR referral = 'declined'),
    enhanced_rights     INTEGER CHECK (enhanced_rights = 0 OR enhanced_rights = 1),
    vps_offered         INTEGER CHECK (vps_offered = 0 OR vps_offered = 1),
    status              TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR
                                                            status = 'closed'),
    outcome             TEXT CHECK (outcome = 'charged' OR outcome = 'summonsed' OR
                                    outcome = 'cautioned' OR outcome = 'community-resolution' OR
                                    outcome = 'nfa-evidential' OR
                                    outcome = 'nfa-public-interest' OR outcome = 'nfa-victim' OR
                                    outcome = 'not-identified'),
    outcome_at          INTEGER,
    closed_at           INTEGER,
    closing_note        TEXT CHECK (length(closing_note) <= 4000),
    support_score       INTEGER CHECK (support_score BETWEEN 1 AND 5),
    created_at          INTEGER NOT NULL,
    -- Schema 4, added at the end (NULL: not recorded, as in every case from before).
    -- The victim died of the assault: RIDDOR, reported without delay.
    died_at             INTEGER,
    -- Arrest is the preferred outcome (OSSR rec. 23(ii)): why a known offender was not
    -- arrested, recorded when the case closes.
    no_arrest_reason    TEXT CHECK (no_arrest_reason = 'unfit' OR
                                    no_arrest_reason = 'not-located' OR
                                    no_arrest_reason = 'voluntary-interview' OR
                                    no_arrest_reason = 'left-before-arrest' OR
                                    no_arrest_reason = 'victim-declined' OR
                                    no_arrest_reason = 'other'),
    no_arrest_note      TEXT CHECK (length(no_arrest_note) <= 4000),
    -- The victim's right to review a decision not to prosecute: the end of the window to ask
    -- (set with the decision), when they asked, the result and when it was given.
    review_until        INTEGER,
    review_asked_at     INTEGER,
    review_result       TEXT CHECK (review_result = 'upheld' OR review_result = 'overturned'),
    review_decided_at   INTEGER,
    review_note         TEXT CHECK (length(review_note) <= 4000),
    CHECK (reported_at >= occurred_at),
    CHECK (arrested_at IS NULL OR arrested_at >= occurred_at),
    CHECK (status = 'open' OR (outcome IS NOT NULL AND closed_at IS NOT NULL)),
    CHECK ((outcome IS NULL) = (outcome_at IS NULL)),
    CHECK (died_at IS NULL OR died_at >= occurred_at),
    CHECK (review_result IS NULL OR (review_asked_at IS NOT NULL AND
                                     review_decided_at IS NOT NULL)),
    CHECK (review_decided_at IS NULL OR review_decided_at >= review_asked_at)
) STRICT;
CREATE INDEX cases_occurred ON cases(occurred_at);
CREATE INDEX cases_open ON cases(occurred_at) WHERE status = 'open';
CREATE INDEX cases_custody ON cases(occurred_at) WHERE location_kind = 'custody';
CREATE INDEX cases_victim ON cases(victim_id);
CREATE INDEX cases_closed ON cases(closed_at) WHERE status = 'closed';
-- The case list in the order of where (schema 4): one kind of place after another, newest
-- first within each. And "my cases": the cases where a person holds a role, through one index
-- a role (the roles other than the supervisor are often unset: only the cases that have them).
CREATE INDEX cases_where ON cases(location_kind, occurred_at);
CREATE INDEX cases_supervisor ON cases(supervisor_id);
CREATE INDEX cases_second_line ON cases(second_line_id) WHERE second_line_id IS NOT NULL;
CREATE INDEX cases_investigator ON cases(investigator_id) WHERE investigator_id IS NOT NULL;
CREATE INDEX cases_statement_taker ON cases(statement_taker_id)
    WHERE statement_taker_id IS NOT NULL;
CREATE INDEX cases_welfare_officer ON cases(welfare_officer_id)
    WHERE welfare_officer_id IS NOT NULL;
-- The scrutiny report (schema 3) reads a period's cases in id order from this index, which holds
-- every column of the case it counts, beside report_done below (src/store/report.c). Files
-- upgraded from schema 3 get it as written here (schema_converge).
CREATE INDEX cases_report ON cases(id, reported_at, location_kind, injury, days_off, arrested_at,
                                   status, outcome, support_score, offender_known,
                                   no_arrest_reason, mechanism, victim_id);

-- The seven steps of a case, one row each.
CREATE TABLE steps (
    id                      INTEGER PRIMARY KEY,
    case_id                 INTEGER NOT NULL REFERENCES cases(id),
    code                    TEXT NOT NULL CHECK (code = 'crime' OR code = 'victim-code' OR
                                                 code = 'investigator' OR code = 'welfare' OR
                                                 code = 'slt' OR code = 'iod' OR
                                                 code = 'evidence'),
    status                  TEXT NOT NULL DEFAULT 'pending'
                            CHECK (status = 'pending' OR status = 'done' OR
                                   status = 'not-applicable'),
    due_at                  INTEGER NOT NULL,
    done_at                 INTEGER,
    done_by                 TEXT CHECK (length(done_by) <= 100),
    reason                  TEXT CHECK (length(reason) <= 4000),
    note                    TEXT CHECK (length(note) <= 4000),
    -- The injury-on-duty report needs two sign-offs: the assaulted person and the supervisor.
    victim_signed_at        INTEGER,
    supervisor_signed_at    INTEGER,
    UNIQUE (case_id, code),
    CHECK (status <> 'not-applicable' OR coalesce(length(trim(reason)), 0) > 0),
    CHECK ((status = 'pending') = (done_at IS NULL)),
    CHECK (code = 'iod' OR (victim_signed_at IS NULL AND supervisor_signed_at IS NULL)),
    CHECK (code <> 'iod' OR status <> 'done'
           OR (victim_signed_at IS NOT NULL AND supervisor_signed_at IS NOT NULL))
) STRICT;
CREATE INDEX steps_pending_due ON steps(due_at) WHERE status = 'pending';
CREATE INDEX steps_pending_case ON steps(case_id, due_at) WHERE status = 'pending';

-- Due-time rules: one row per kind of item. A force edits these without recompiling, and adds
-- its own follow-ups. unit: clock hours, calendar days or months (same London clock time) or
-- working days (England and Wales). base: the case's reported or occurred time, or the event
-- that raised the item.
CREATE TABLE rules (
    key         TEXT PRIMARY KEY,
    description TEXT NOT NULL CHECK (length(description) <= 200),
    amount      INTEGER NOT NULL CHECK (amount BETWEEN 0 AND 3660),
    unit        TEXT NOT NULL CHECK (unit = 'hours' OR unit = 'days' OR unit = 'working-days' OR
                                     unit = 'months'),
    base        TEXT NOT NULL DEFAULT 'reported' CHECK (base = 'reported' OR base = 'occurred' OR
                                                        base = 'event'),
    -- Schema 4. A force's own follow-up rule: what raises its follow-ups (every new case,
    -- hospital treatment, off work injured, an outcome); NULL for the program's own rules.
    starts      TEXT CHECK (starts = 'case' OR starts = 'hospital' OR starts = 'off-work' OR
                            starts = 'outcome'),
    -- When a force's rule was removed: it raises no more follow-ups; those raised stay.
    removed_at  INTEGER
) STRICT;

-- Recurring and event-driven work: welfare follow-ups, victim updates, outcome notice, RIDDOR,
-- the line managers' duties (OSSR rec. 21) and a force's own follow-ups.
CREATE TABLE followups (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL CHECK (kind = 'welfare' OR kind = 'victim-update' OR
                                     kind = 'outcome-notice' OR kind = 'riddor' OR
                                     kind = 'duty' OR kind = 'force'),
    rule        TEXT NOT NULL REFERENCES rules(key),
    event_at    INTEGER,
    due_at      INTEGER NOT NULL,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status = 'pending' OR status = 'done' OR status = 'not-applicable'),
    done_at     INTEGER,
    reason      TEXT CHECK (length(reason) <= 4000),
    note        TEXT CHECK (length(note) <= 4000),
    -- Schema 4: who did it (the signer of the action), and for a RIDDOR report how it was made
    -- and the regulator's reference. NULL: not recorded.
    done_by     TEXT CHECK (length(done_by) <= 100),
    route       TEXT CHECK (route = 'online' OR route = 'telephone'),
    reference   TEXT CHECK (length(reference) <= 40),
    CHECK (status <> 'not-applicable' OR coalesce(length(trim(reason)), 0) > 0),
    CHECK ((status = 'pending') = (done_at IS NULL))
) STRICT;
CREATE INDEX followups_case ON followups(case_id);
CREATE INDEX followups_pending_due ON followups(due_at) WHERE status = 'pending';
CREATE INDEX followups_pending_case ON followups(case_id, due_at) WHERE status = 'pending';
-- The scrutiny report's RIDDOR reports, a few of every case's follow-ups (schema 4).
CREATE INDEX followups_riddor ON followups(case_id) WHERE kind = 'riddor';

CREATE TABLE evidence_items (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL CHECK (kind = 'bwv' OR kind = 'cctv' OR kind = 'photos' OR
                                     kind = 'medical' OR kind = 'witness' OR kind = 'recording' OR
                                     kind = 'other'),
    status      TEXT NOT NULL DEFAULT 'requested'
                CHECK (status = 'requested' OR status = 'secured' OR status = 'submitted' OR
                       status = 'not-available'),
    ref         TEXT CHECK (length(ref) <= 100),
    reason      TEXT CHECK (length(reason) <= 4000),
    due_at      INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    CHECK (status <> 'not-available' OR coalesce(length(trim(reason)), 0) > 0)
) STRICT;
CREATE INDEX evidence_case ON evidence_items(case_id);
CREATE INDEX evidence_pending_due ON evidence_items(due_at) WHERE status = 'requested';
CREATE INDEX evidence_pending_case ON evidence_items(case_id, due_at) WHERE status = 'requested';

CREATE TABLE welfare_contacts (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    method      TEXT NOT NULL CHECK (method = 'in-person' OR method = 'phone' OR
                                     method = 'video' OR method = 'message' OR
                                     method = 'other'),
    note        TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 4000)
) STRICT;
CREATE INDEX welfare_contacts_case ON welfare_contacts(case_id, at);

CREATE TABLE victim_updates (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    note        TEXT NOT NULL CHECK (length(note) BETWEEN 1 AND 4000)
) STRICT;
CREATE INDEX victim_updates_case ON victim_updates(case_id, at);

-- Decisions that the victim must be told of (Victim Code right 6).
CREATE TABLE decisions (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL CHECK (kind = 'arrest' OR kind = 'charge' OR kind = 'release' OR
                                     kind = 'bail' OR kind = 'caution'),
    at          INTEGER NOT NULL
) STRICT;
CREATE INDEX decisions_case ON decisions(case_id, at);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          INTEGER NOT NULL,
    text        TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 4000)
) STRICT;
CREATE INDEX notes_case ON notes(case_id, at);

-- One-off changes to the regular bank holidays of England and Wales (which are computed).
CREATE TABLE bank_holiday_changes (
    date        TEXT PRIMARY KEY CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
    change      TEXT NOT NULL CHECK (change = 'add' OR change = 'remove'),
    note        TEXT CHECK (length(note) <= 200)
) STRICT, WITHOUT ROWID;

-- ---------------------------------------------------------------------------------------
-- Rules the database enforces itself.

CREATE TRIGGER cases_close_needs_steps
BEFORE UPDATE OF status ON cases
WHEN NEW.status = 'closed' AND OLD.status = 'open'
     AND EXISTS (SELECT 1 FROM steps WHERE case_id = NEW.id AND status = 'pending')
BEGIN
    SELECT RAISE(ABORT, 'a case closes only when every step is done or not applicable');
END;

-- A case stored as closed (demo data, imports) must never gain a pending step.
CREATE TRIGGER steps_closed_case_pending
BEFORE INSERT ON steps
WHEN NEW.status = 'pending'
     AND EXISTS (SELECT 1 FROM cases WHERE id = NEW.case_id AND status = 'closed')
BEGIN
    SELECT RAISE(ABORT, 'a closed case cannot have a pending step');
END;

CREATE TRIGGER cases_no_delete
BEFORE DELETE ON cases
BEGIN
    SELECT RAISE(ABORT, 'cases are never deleted');
END;

-- The victim holds no other role of their own case (point c): the CHECKs on the table refuse
-- them as investigator and statement taker, these triggers as supervisor, second-line manager
-- and welfare officer (schema 4; triggers, so that a file from before still opens).
CREATE TRIGGER cases_victim_no_role_insert
BEFORE INSERT ON cases
WHEN NEW.victim_id = NEW.supervisor_id OR NEW.victim_id IS NEW.second_line_id
     OR NEW.victim_id IS NEW.welfare_officer_id
BEGIN
    SELECT RAISE(ABORT, 'the victim cannot hold another role of their own case (point c)');
END;

CREATE TRIGGER cases_victim_no_role_update
BEFORE UPDATE OF victim_id, supervisor_id, second_line_id, welfare_officer_id ON cases
WHEN NEW.victim_id = NEW.supervisor_id OR NEW.victim_id IS NEW.second_line_id
     OR NEW.victim_id IS NEW.welfare_officer_id
BEGIN
    SELECT RAISE(ABORT, 'the victim cannot hold another role of their own case (point c)');
END;

-- Staff numbers are one whatever their case: ab12 is AB12. The index finds a number in any
-- case; the triggers refuse a second person with the same number (schema 4; triggers rather
-- than a unique index, so that a file holding such a pair from before still opens).
CREATE INDEX people_number_nocase ON people(number COLLATE NOCASE);

CREATE TRIGGER people_number_unique_insert
BEFORE INSERT ON people
WHEN EXISTS (SELECT 1 FROM people WHERE number = NEW.number COLLATE NOCASE)
BEGIN
    SELECT RAISE(ABORT, 'another person has this staff number');
END;

CREATE TRIGGER people_number_unique_update
BEFORE UPDATE OF number ON people
WHEN EXISTS (SELECT 1 FROM people WHERE number = NEW.number COLLATE NOCASE AND id <> NEW.id)
BEGIN
    SELECT RAISE(ABORT, 'another person has this staff number');
END;

-- ---------------------------------------------------------------------------------------
-- Full-text search of the case list (schema 2): one row per case with its reference, the
-- victim's name and number, its free text, and facets (status and location kind) so that
-- the list's filters are part of the search. The rowid is the case's place in the list,
-- occurred_at * 2^26 + id, so the index hands out matches newest first, a page at a time,
-- however many cases match (ids stay below 2^26, 67 million). Derived data, rebuilt from
-- cases and people by the triggers below: not audited, never edited directly. The same
-- definitions are in the migration from version 1 (src/store/migrations/001-search-index.sql).

CREATE VIEW case_search_source(id, key, reference, names, text, facets) AS
    SELECT c.id, c.occurred_at * 67108864 + c.id, c.reference, v.name || ' ' || v.number,
           c.location || ' ' || coalesce(c.offence, '') || ' ' || coalesce(c.summary, '')
           || ' ' || coalesce(c.crime_reference, ''),
           c.status || ' ' || c.location_kind
    FROM cases c JOIN people v ON v.id = c.victim_id;

CREATE VIRTUAL TABLE case_search USING fts5(
    reference, names, text, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '3');

CREATE TRIGGER case_search_insert AFTER INSERT ON cases
BEGIN
    SELECT RAISE(ABORT, 'the search index holds 67 million cases at most')
    WHERE NEW.id >= 67108864;
    INSERT INTO case_search(rowid, reference, names, text, facets)
    SELECT key, reference, names, text, facets FROM case_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER case_search_update
AFTER UPDATE OF reference, victim_id, occurred_at, location, location_kind, offence, summary,
                crime_reference, status ON cases
WHEN NEW.reference IS NOT OLD.reference OR NEW.victim_id IS NOT OLD.victim_id
     OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.location IS NOT OLD.location
     OR NEW.location_kind IS NOT OLD.location_kind OR NEW.offence IS NOT OLD.offence
     OR NEW.summary IS NOT OLD.summary OR NEW.crime_reference IS NOT OLD.crime_reference
     OR NEW.status IS NOT OLD.status
BEGIN
    DELETE FROM case_search WHERE rowid = OLD.occurred_at * 67108864 + OLD.id;
    INSERT INTO case_search(rowid, reference, names, text, facets)
    SELECT key, reference, names, text, facets FROM case_search_source WHERE id = NEW.id;
END;

CREATE TRIGGER case_search_person_update AFTER UPDATE OF name, number ON people
WHEN NEW.name IS NOT OLD.name OR NEW.number IS NOT OLD.number
BEGIN
    DELETE FROM case_search
    WHERE rowid IN (SELECT occurred_at * 67108864 + id FROM cases WHERE victim_id = NEW.id);
    INSERT INTO case_search(rowid, reference, names, text, facets)
    SELECT key, reference, names, text, facets FROM case_search_source
    WHERE id IN (SELECT id FROM cases WHERE victim_id = NEW.id);
END;

-- ---------------------------------------------------------------------------------------
-- The scrutiny report's summary of finished work (schema 3): one row per case with each step
-- that is done (done_at * 2, plus 1 when it was late) or not applicable (-1), NULL while it
-- is pending, and the counts of its finished follow-ups by group (welfare; victim updates,
-- decision and outcome notices; and since schema 4 the line managers' duties, RIDDOR reports
-- and the force's own) done on time, late or not applicable. What is finished never
-- depends on the clock, so the report reads one row a case here instead of every step and
-- follow-up, and only the pending items (few: the partial indexes above) one by one.
-- Derived data, kept by the triggers below: not audited, never edited directly. An upgrade
-- from schema 3 fills it again (src/store/derived.c, from the plan's table of steps).

CREATE TABLE report_done (
    case_id         INTEGER PRIMARY KEY,
    crime           INTEGER,
    victim_code     INTEGER,
    investigator    INTEGER,
    welfare         INTEGER,
    slt             INTEGER,
    iod             INTEGER,
    evidence        INTEGER,
    -- The case's finished follow-ups: done on time, done late, not applicable, each counted by
    -- group in a field of 12 bits (schema 4): welfare (bits 0-11), victim updates, decision and
    -- outcome notices (12-23), the line managers' duties (24-35), RIDDOR reports (36-47), the
    -- force's own (48-59). Three columns instead of fifteen: every connection parses these
    -- triggers when it opens the file, and every follow-up saved runs them.
    followups_on_time INTEGER NOT NULL DEFAULT 0,
    followups_late  INTEGER NOT NULL DEFAULT 0,
    followups_na    INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE TRIGGER report_done_step_insert AFTER INSERT ON steps
BEGIN
    INSERT OR IGNORE INTO report_done(case_id) VALUES (NEW.case_id);
    UPDATE report_done SET
        crime = CASE NEW.code WHEN 'crime' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE crime END,
        victim_code = CASE NEW.code WHEN 'victim-code' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE victim_code END,
        investigator = CASE NEW.code WHEN 'investigator' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE investigator END,
        welfare = CASE NEW.code WHEN 'welfare' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE welfare END,
        slt = CASE NEW.code WHEN 'slt' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE slt END,
        iod = CASE NEW.code WHEN 'iod' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE iod END,
        evidence = CASE NEW.code WHEN 'evidence' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE evidence END
    WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER report_done_step_update AFTER UPDATE OF case_id, code, status, due_at, done_at ON steps
BEGIN
    UPDATE report_done SET
        crime = CASE OLD.code WHEN 'crime' THEN NULL ELSE crime END,
        victim_code = CASE OLD.code WHEN 'victim-code' THEN NULL ELSE victim_code END,
        investigator = CASE OLD.code WHEN 'investigator' THEN NULL ELSE investigator END,
        welfare = CASE OLD.code WHEN 'welfare' THEN NULL ELSE welfare END,
        slt = CASE OLD.code WHEN 'slt' THEN NULL ELSE slt END,
        iod = CASE OLD.code WHEN 'iod' THEN NULL ELSE iod END,
        evidence = CASE OLD.code WHEN 'evidence' THEN NULL ELSE evidence END
    WHERE case_id = OLD.case_id;
    INSERT OR IGNORE INTO report_done(case_id) VALUES (NEW.case_id);
    UPDATE report_done SET
        crime = CASE NEW.code WHEN 'crime' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE crime END,
        victim_code = CASE NEW.code WHEN 'victim-code' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE victim_code END,
        investigator = CASE NEW.code WHEN 'investigator' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE investigator END,
        welfare = CASE NEW.code WHEN 'welfare' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE welfare END,
        slt = CASE NEW.code WHEN 'slt' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE slt END,
        iod = CASE NEW.code WHEN 'iod' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE iod END,
        evidence = CASE NEW.code WHEN 'evidence' THEN CASE NEW.status WHEN 'done' THEN NEW.done_at * 2 + (NEW.done_at > NEW.due_at) WHEN 'not-applicable' THEN -1 END ELSE evidence END
    WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER report_done_step_delete AFTER DELETE ON steps
BEGIN
    UPDATE report_done SET
        crime = CASE OLD.code WHEN 'crime' THEN NULL ELSE crime END,
        victim_code = CASE OLD.code WHEN 'victim-code' THEN NULL ELSE victim_code END,
        investigator = CASE OLD.code WHEN 'investigator' THEN NULL ELSE investigator END,
        welfare = CASE OLD.code WHEN 'welfare' THEN NULL ELSE welfare END,
        slt = CASE OLD.code WHEN 'slt' THEN NULL ELSE slt END,
        iod = CASE OLD.code WHEN 'iod' THEN NULL ELSE iod END,
        evidence = CASE OLD.code WHEN 'evidence' THEN NULL ELSE evidence END
    WHERE case_id = OLD.case_id;
END;
-- A follow-up counts in its group's field (the unit of the field: 1, 4096, 2^24, 2^36 or
-- 2^48, by its kind; victim updates, decision and outcome notices are the victim's group).
CREATE TRIGGER report_done_followup_insert AFTER INSERT ON followups
BEGIN
    INSERT OR IGNORE INTO report_done(case_id) VALUES (NEW.case_id);
    UPDATE report_done SET
        followups_on_time = followups_on_time + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'done' AND NEW.done_at <= NEW.due_at),
        followups_late = followups_late + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'done' AND NEW.done_at > NEW.due_at),
        followups_na = followups_na + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'not-applicable')
    WHERE NEW.status <> 'pending' AND case_id = NEW.case_id;
END;
CREATE TRIGGER report_done_followup_update AFTER UPDATE OF case_id, kind, status, due_at, done_at ON followups
BEGIN
    UPDATE report_done SET
        followups_on_time = followups_on_time - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'done' AND OLD.done_at <= OLD.due_at),
        followups_late = followups_late - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'done' AND OLD.done_at > OLD.due_at),
        followups_na = followups_na - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'not-applicable')
    WHERE case_id = OLD.case_id;
    INSERT OR IGNORE INTO report_done(case_id) VALUES (NEW.case_id);
    UPDATE report_done SET
        followups_on_time = followups_on_time + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'done' AND NEW.done_at <= NEW.due_at),
        followups_late = followups_late + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'done' AND NEW.done_at > NEW.due_at),
        followups_na = followups_na + (CASE NEW.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (NEW.status = 'not-applicable')
    WHERE case_id = NEW.case_id;
END;
CREATE TRIGGER report_done_followup_delete AFTER DELETE ON followups
BEGIN
    UPDATE report_done SET
        followups_on_time = followups_on_time - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'done' AND OLD.done_at <= OLD.due_at),
        followups_late = followups_late - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'done' AND OLD.done_at > OLD.due_at),
        followups_na = followups_na - (CASE OLD.kind WHEN 'welfare' THEN 1 WHEN 'duty' THEN 16777216
                WHEN 'riddor' THEN 68719476736 WHEN 'force' THEN 281474976710656 ELSE 4096 END)
            * (OLD.status = 'not-applicable')
    WHERE case_id = OLD.case_id;
END;

-- ---------------------------------------------------------------------------------------
-- The log (schema 4): every change to the tables above, grouped into the user's actions and
-- signed by the person the user named as themselves (`ophamp whoami`). One action is one
-- transaction of the program: a form saved, one command, one case of a bulk write.
--
-- log_changes: one row per inserted, updated or deleted row, with its old and new values as
-- JSON, written by the triggers below. oph_action() is the number of the action the program
-- has open; it exists only inside ophamp and is NULL between actions, so a change made by
-- any other SQLite client, or by the program outside an action, is refused.
-- log_actions: one row per action, written by the program when the action commits, after its
-- changes: when (real time, UTC), who, what, its case, the range of its changes, and
-- hash = SHA-256 over the previous action's hash, the action's fields and every byte of its
-- changes (src/store/log.c). Editing, removing or inserting anything breaks every later hash;
-- `ophamp check` recomputes them and replays the changes against the tables.
-- Both tables are append-only: the database refuses updates and deletes.

CREATE TABLE log_actions (
    id              INTEGER PRIMARY KEY,
    at              TEXT NOT NULL,
    actor_id        INTEGER,
    actor           TEXT NOT NULL,
    os_user         TEXT NOT NULL,
    what            TEXT NOT NULL,
    case_id         INTEGER,
    first_change    INTEGER NOT NULL,
    last_change     INTEGER NOT NULL,
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL
) STRICT;
CREATE INDEX log_actions_case ON log_actions(case_id) WHERE case_id IS NOT NULL;
CREATE INDEX log_actions_actor ON log_actions(actor_id);

CREATE TABLE log_changes (
    id          INTEGER PRIMARY KEY,
    action_id   INTEGER NOT NULL,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op = 'insert' OR op = 'update' OR op = 'delete'),
    old_values  TEXT,
    new_values  TEXT
) STRICT;

CREATE TRIGGER log_actions_no_update BEFORE UPDATE ON log_actions
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_actions_no_delete BEFORE DELETE ON log_actions
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_changes_no_update BEFORE UPDATE ON log_changes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;
CREATE TRIGGER log_changes_no_delete BEFORE DELETE ON log_changes
BEGIN
    SELECT RAISE(ABORT, 'the log is append-only');
END;

-- The log of schemas 1 to 3: one hash-chained row per change, signed by the operating-system
-- user. Kept as it was, closed to new rows, and still verified by `ophamp check`; the first
-- action of schema 4 chains on from its last hash. Empty in a file created at schema 4.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    tbl         TEXT NOT NULL,
    row_key     TEXT NOT NULL,
    op          TEXT NOT NULL CHECK (op = 'insert' OR op = 'update' OR op = 'delete'),
    old_values  TEXT,
    new_values  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_closed BEFORE INSERT ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the log of schemas 1 to 3 is closed: changes go to log_changes');
END;

-- Log triggers, one set per table (generated once from the table definitions above): each
-- lists every column of its table, in order.
CREATE TRIGGER people_audit_insert AFTER INSERT ON people
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'people', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'name', NEW.name, 'number', NEW.number, 'role', NEW.role,
            'rank', NEW.rank, 'team', NEW.team, 'created_at', NEW.created_at));
END;
CREATE TRIGGER people_audit_update AFTER UPDATE ON people
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'people', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'name', OLD.name, 'number', OLD.number, 'role', OLD.role,
            'rank', OLD.rank, 'team', OLD.team, 'created_at', OLD.created_at),
        json_object('id', NEW.id, 'name', NEW.name, 'number', NEW.number, 'role', NEW.role,
            'rank', NEW.rank, 'team', NEW.team, 'created_at', NEW.created_at));
END;
CREATE TRIGGER people_audit_delete AFTER DELETE ON people
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'people', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'name', OLD.name, 'number', OLD.number, 'role', OLD.role,
            'rank', OLD.rank, 'team', OLD.team, 'created_at', OLD.created_at),
        NULL);
END;
CREATE TRIGGER cases_audit_insert AFTER INSERT ON cases
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'cases', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'uuid', NEW.uuid, 'reference', NEW.reference,
            'victim_id', NEW.victim_id, 'supervisor_id', NEW.supervisor_id,
            'second_line_id', NEW.second_line_id,
            'investigator_id', NEW.investigator_id,
            'statement_taker_id', NEW.statement_taker_id,
            'welfare_officer_id', NEW.welfare_officer_id,
            'occurred_at', NEW.occurred_at, 'reported_at', NEW.reported_at,
            'location', NEW.location, 'location_kind', NEW.location_kind,
            'offence', NEW.offence, 'summary', NEW.summary, 'mechanism', NEW.mechanism,
            'injury', NEW.injury, 'body_part', NEW.body_part,
            'treatment', NEW.treatment, 'specified_injury', NEW.specified_injury,
            'days_off', NEW.days_off, 'off_work', NEW.off_work,
            'offender_known', NEW.offender_known, 'arrested_at', NEW.arrested_at,
            'thor', NEW.thor, 'crime_reference', NEW.crime_reference,
            'referral', NEW.referral, 'enhanced_rights', NEW.enhanced_rights,
            'vps_offered', NEW.vps_offered, 'status', NEW.status,
            'outcome', NEW.outcome, 'outcome_at', NEW.outcome_at,
            'closed_at', NEW.closed_at, 'closing_note', NEW.closing_note,
            'support_score', NEW.support_score, 'created_at', NEW.created_at,
            'died_at', NEW.died_at, 'no_arrest_reason', NEW.no_arrest_reason,
            'no_arrest_note', NEW.no_arrest_note, 'review_until', NEW.review_until,
            'review_asked_at', NEW.review_asked_at, 'review_result', NEW.review_result,
            'review_decided_at', NEW.review_decided_at, 'review_note', NEW.review_note));
END;
CREATE TRIGGER cases_audit_update AFTER UPDATE ON cases
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'cases', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'uuid', OLD.uuid, 'reference', OLD.reference,
            'victim_id', OLD.victim_id, 'supervisor_id', OLD.supervisor_id,
            'second_line_id', OLD.second_line_id,
            'investigator_id', OLD.investigator_id,
            'statement_taker_id', OLD.statement_taker_id,
            'welfare_officer_id', OLD.welfare_officer_id,
            'occurred_at', OLD.occurred_at, 'reported_at', OLD.reported_at,
            'location', OLD.location, 'location_kind', OLD.location_kind,
            'offence', OLD.offence, 'summary', OLD.summary, 'mechanism', OLD.mechanism,
            'injury', OLD.injury, 'body_part', OLD.body_part,
            'treatment', OLD.treatment, 'specified_injury', OLD.specified_injury,
            'days_off', OLD.days_off, 'off_work', OLD.off_work,
            'offender_known', OLD.offender_known, 'arrested_at', OLD.arrested_at,
            'thor', OLD.thor, 'crime_reference', OLD.crime_reference,
            'referral', OLD.referral, 'enhanced_rights', OLD.enhanced_rights,
            'vps_offered', OLD.vps_offered, 'status', OLD.status,
            'outcome', OLD.outcome, 'outcome_at', OLD.outcome_at,
            'closed_at', OLD.closed_at, 'closing_note', OLD.closing_note,
            'support_score', OLD.support_score, 'created_at', OLD.created_at,
            'died_at', OLD.died_at, 'no_arrest_reason', OLD.no_arrest_reason,
            'no_arrest_note', OLD.no_arrest_note, 'review_until', OLD.review_until,
            'review_asked_at', OLD.review_asked_at, 'review_result', OLD.review_result,
            'review_decided_at', OLD.review_decided_at, 'review_note', OLD.review_note),
        json_object('id', NEW.id, 'uuid', NEW.uuid, 'reference', NEW.reference,
            'victim_id', NEW.victim_id, 'supervisor_id', NEW.supervisor_id,
            'second_line_id', NEW.second_line_id,
            'investigator_id', NEW.investigator_id,
            'statement_taker_id', NEW.statement_taker_id,
            'welfare_officer_id', NEW.welfare_officer_id,
            'occurred_at', NEW.occurred_at, 'reported_at', NEW.reported_at,
            'location', NEW.location, 'location_kind', NEW.location_kind,
            'offence', NEW.offence, 'summary', NEW.summary, 'mechanism', NEW.mechanism,
            'injury', NEW.injury, 'body_part', NEW.body_part,
            'treatment', NEW.treatment, 'specified_injury', NEW.specified_injury,
            'days_off', NEW.days_off, 'off_work', NEW.off_work,
            'offender_known', NEW.offender_known, 'arrested_at', NEW.arrested_at,
            'thor', NEW.thor, 'crime_reference', NEW.crime_reference,
            'referral', NEW.referral, 'enhanced_rights', NEW.enhanced_rights,
            'vps_offered', NEW.vps_offered, 'status', NEW.status,
            'outcome', NEW.outcome, 'outcome_at', NEW.outcome_at,
            'closed_at', NEW.closed_at, 'closing_note', NEW.closing_note,
            'support_score', NEW.support_score, 'created_at', NEW.created_at,
            'died_at', NEW.died_at, 'no_arrest_reason', NEW.no_arrest_reason,
            'no_arrest_note', NEW.no_arrest_note, 'review_until', NEW.review_until,
            'review_asked_at', NEW.review_asked_at, 'review_result', NEW.review_result,
            'review_decided_at', NEW.review_decided_at, 'review_note', NEW.review_note));
END;
CREATE TRIGGER cases_audit_delete AFTER DELETE ON cases
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'cases', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'uuid', OLD.uuid, 'reference', OLD.reference,
            'victim_id', OLD.victim_id, 'supervisor_id', OLD.supervisor_id,
            'second_line_id', OLD.second_line_id,
            'investigator_id', OLD.investigator_id,
            'statement_taker_id', OLD.statement_taker_id,
            'welfare_officer_id', OLD.welfare_officer_id,
            'occurred_at', OLD.occurred_at, 'reported_at', OLD.reported_at,
            'location', OLD.location, 'location_kind', OLD.location_kind,
            'offence', OLD.offence, 'summary', OLD.summary, 'mechanism', OLD.mechanism,
            'injury', OLD.injury, 'body_part', OLD.body_part,
            'treatment', OLD.treatment, 'specified_injury', OLD.specified_injury,
            'days_off', OLD.days_off, 'off_work', OLD.off_work,
            'offender_known', OLD.offender_known, 'arrested_at', OLD.arrested_at,
            'thor', OLD.thor, 'crime_reference', OLD.crime_reference,
            'referral', OLD.referral, 'enhanced_rights', OLD.enhanced_rights,
            'vps_offered', OLD.vps_offered, 'status', OLD.status,
            'outcome', OLD.outcome, 'outcome_at', OLD.outcome_at,
            'closed_at', OLD.closed_at, 'closing_note', OLD.closing_note,
            'support_score', OLD.support_score, 'created_at', OLD.created_at,
            'died_at', OLD.died_at, 'no_arrest_reason', OLD.no_arrest_reason,
            'no_arrest_note', OLD.no_arrest_note, 'review_until', OLD.review_until,
            'review_asked_at', OLD.review_asked_at, 'review_result', OLD.review_result,
            'review_decided_at', OLD.review_decided_at, 'review_note', OLD.review_note),
        NULL);
END;
CREATE TRIGGER steps_audit_insert AFTER INSERT ON steps
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'steps', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'code', NEW.code,
            'status', NEW.status, 'due_at', NEW.due_at, 'done_at', NEW.done_at,
            'done_by', NEW.done_by, 'reason', NEW.reason, 'note', NEW.note,
            'victim_signed_at', NEW.victim_signed_at,
            'supervisor_signed_at', NEW.supervisor_signed_at));
END;
CREATE TRIGGER steps_audit_update AFTER UPDATE ON steps
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'steps', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'code', OLD.code,
            'status', OLD.status, 'due_at', OLD.due_at, 'done_at', OLD.done_at,
            'done_by', OLD.done_by, 'reason', OLD.reason, 'note', OLD.note,
            'victim_signed_at', OLD.victim_signed_at,
            'supervisor_signed_at', OLD.supervisor_signed_at),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'code', NEW.code,
            'status', NEW.status, 'due_at', NEW.due_at, 'done_at', NEW.done_at,
            'done_by', NEW.done_by, 'reason', NEW.reason, 'note', NEW.note,
            'victim_signed_at', NEW.victim_signed_at,
            'supervisor_signed_at', NEW.supervisor_signed_at));
END;
CREATE TRIGGER steps_audit_delete AFTER DELETE ON steps
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'steps', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'code', OLD.code,
            'status', OLD.status, 'due_at', OLD.due_at, 'done_at', OLD.done_at,
            'done_by', OLD.done_by, 'reason', OLD.reason, 'note', OLD.note,
            'victim_signed_at', OLD.victim_signed_at,
            'supervisor_signed_at', OLD.supervisor_signed_at),
        NULL);
END;
CREATE TRIGGER rules_audit_insert AFTER INSERT ON rules
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'rules', CAST(NEW.key AS TEXT), 'insert',
        NULL,
        json_object('key', NEW.key, 'description', NEW.description, 'amount', NEW.amount,
            'unit', NEW.unit, 'base', NEW.base, 'starts', NEW.starts,
            'removed_at', NEW.removed_at));
END;
CREATE TRIGGER rules_audit_update AFTER UPDATE ON rules
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'rules', CAST(NEW.key AS TEXT), 'update',
        json_object('key', OLD.key, 'description', OLD.description, 'amount', OLD.amount,
            'unit', OLD.unit, 'base', OLD.base, 'starts', OLD.starts,
            'removed_at', OLD.removed_at),
        json_object('key', NEW.key, 'description', NEW.description, 'amount', NEW.amount,
            'unit', NEW.unit, 'base', NEW.base, 'starts', NEW.starts,
            'removed_at', NEW.removed_at));
END;
CREATE TRIGGER rules_audit_delete AFTER DELETE ON rules
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'rules', CAST(OLD.key AS TEXT), 'delete',
        json_object('key', OLD.key, 'description', OLD.description, 'amount', OLD.amount,
            'unit', OLD.unit, 'base', OLD.base, 'starts', OLD.starts,
            'removed_at', OLD.removed_at),
        NULL);
END;
CREATE TRIGGER followups_audit_insert AFTER INSERT ON followups
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'followups', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind, 'rule', NEW.rule,
            'event_at', NEW.event_at, 'due_at', NEW.due_at, 'status', NEW.status,
            'done_at', NEW.done_at, 'reason', NEW.reason, 'note', NEW.note,
            'done_by', NEW.done_by, 'route', NEW.route, 'reference', NEW.reference));
END;
CREATE TRIGGER followups_audit_update AFTER UPDATE ON followups
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'followups', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind, 'rule', OLD.rule,
            'event_at', OLD.event_at, 'due_at', OLD.due_at, 'status', OLD.status,
            'done_at', OLD.done_at, 'reason', OLD.reason, 'note', OLD.note,
            'done_by', OLD.done_by, 'route', OLD.route, 'reference', OLD.reference),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind, 'rule', NEW.rule,
            'event_at', NEW.event_at, 'due_at', NEW.due_at, 'status', NEW.status,
            'done_at', NEW.done_at, 'reason', NEW.reason, 'note', NEW.note,
            'done_by', NEW.done_by, 'route', NEW.route, 'reference', NEW.reference));
END;
CREATE TRIGGER followups_audit_delete AFTER DELETE ON followups
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'followups', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind, 'rule', OLD.rule,
            'event_at', OLD.event_at, 'due_at', OLD.due_at, 'status', OLD.status,
            'done_at', OLD.done_at, 'reason', OLD.reason, 'note', OLD.note,
            'done_by', OLD.done_by, 'route', OLD.route, 'reference', OLD.reference),
        NULL);
END;
CREATE TRIGGER evidence_items_audit_insert AFTER INSERT ON evidence_items
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'evidence_items', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind,
            'status', NEW.status, 'ref', NEW.ref, 'reason', NEW.reason,
            'due_at', NEW.due_at, 'created_at', NEW.created_at,
            'updated_at', NEW.updated_at));
END;
CREATE TRIGGER evidence_items_audit_update AFTER UPDATE ON evidence_items
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'evidence_items', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind,
            'status', OLD.status, 'ref', OLD.ref, 'reason', OLD.reason,
            'due_at', OLD.due_at, 'created_at', OLD.created_at,
            'updated_at', OLD.updated_at),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind,
            'status', NEW.status, 'ref', NEW.ref, 'reason', NEW.reason,
            'due_at', NEW.due_at, 'created_at', NEW.created_at,
            'updated_at', NEW.updated_at));
END;
CREATE TRIGGER evidence_items_audit_delete AFTER DELETE ON evidence_items
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'evidence_items', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind,
            'status', OLD.status, 'ref', OLD.ref, 'reason', OLD.reason,
            'due_at', OLD.due_at, 'created_at', OLD.created_at,
            'updated_at', OLD.updated_at),
        NULL);
END;
CREATE TRIGGER welfare_contacts_audit_insert AFTER INSERT ON welfare_contacts
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'welfare_contacts', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'method', NEW.method,
            'note', NEW.note));
END;
CREATE TRIGGER welfare_contacts_audit_update AFTER UPDATE ON welfare_contacts
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'welfare_contacts', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'method', OLD.method,
            'note', OLD.note),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'method', NEW.method,
            'note', NEW.note));
END;
CREATE TRIGGER welfare_contacts_audit_delete AFTER DELETE ON welfare_contacts
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'welfare_contacts', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'method', OLD.method,
            'note', OLD.note),
        NULL);
END;
CREATE TRIGGER victim_updates_audit_insert AFTER INSERT ON victim_updates
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'victim_updates', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'note', NEW.note));
END;
CREATE TRIGGER victim_updates_audit_update AFTER UPDATE ON victim_updates
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'victim_updates', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'note', OLD.note),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'note', NEW.note));
END;
CREATE TRIGGER victim_updates_audit_delete AFTER DELETE ON victim_updates
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'victim_updates', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'note', OLD.note),
        NULL);
END;
CREATE TRIGGER decisions_audit_insert AFTER INSERT ON decisions
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'decisions', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind, 'at', NEW.at));
END;
CREATE TRIGGER decisions_audit_update AFTER UPDATE ON decisions
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'decisions', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind, 'at', OLD.at),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'kind', NEW.kind, 'at', NEW.at));
END;
CREATE TRIGGER decisions_audit_delete AFTER DELETE ON decisions
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'decisions', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'kind', OLD.kind, 'at', OLD.at),
        NULL);
END;
CREATE TRIGGER notes_audit_insert AFTER INSERT ON notes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'notes', CAST(NEW.id AS TEXT), 'insert',
        NULL,
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'text', NEW.text));
END;
CREATE TRIGGER notes_audit_update AFTER UPDATE ON notes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'notes', CAST(NEW.id AS TEXT), 'update',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'text', OLD.text),
        json_object('id', NEW.id, 'case_id', NEW.case_id, 'at', NEW.at, 'text', NEW.text));
END;
CREATE TRIGGER notes_audit_delete AFTER DELETE ON notes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'notes', CAST(OLD.id AS TEXT), 'delete',
        json_object('id', OLD.id, 'case_id', OLD.case_id, 'at', OLD.at, 'text', OLD.text),
        NULL);
END;
CREATE TRIGGER bank_holiday_changes_audit_insert AFTER INSERT ON bank_holiday_changes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'bank_holiday_changes', CAST(NEW.date AS TEXT), 'insert',
        NULL,
        json_object('date', NEW.date, 'change', NEW.change, 'note', NEW.note));
END;
CREATE TRIGGER bank_holiday_changes_audit_update AFTER UPDATE ON bank_holiday_changes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'bank_holiday_changes', CAST(NEW.date AS TEXT), 'update',
        json_object('date', OLD.date, 'change', OLD.change, 'note', OLD.note),
        json_object('date', NEW.date, 'change', NEW.change, 'note', NEW.note));
END;
CREATE TRIGGER bank_holiday_changes_audit_delete AFTER DELETE ON bank_holiday_changes
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'bank_holiday_changes', CAST(OLD.date AS TEXT), 'delete',
        json_object('date', OLD.date, 'change', OLD.change, 'note', OLD.note),
        NULL);
END;

-- ---------------------------------------------------------------------------------------
-- Settings of this database, one row per key. 'pseudonym_key' is a random secret that keys
-- the stable pseudonyms of redacted exports: a pseudonym cannot be recomputed from a staff
-- number by anyone who holds only the redacted file.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 64),
    value TEXT NOT NULL CHECK (length(value) <= 4096)
) STRICT;

CREATE TRIGGER settings_audit_insert AFTER INSERT ON settings
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'settings', NEW.key, 'insert',
        NULL, json_object('key', NEW.key, 'value', NEW.value));
END;
CREATE TRIGGER settings_audit_update AFTER UPDATE ON settings
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'settings', NEW.key, 'update',
        json_object('key', OLD.key, 'value', OLD.value),
        json_object('key', NEW.key, 'value', NEW.value));
END;
CREATE TRIGGER settings_audit_delete AFTER DELETE ON settings
BEGIN
    INSERT INTO log_changes(action_id, tbl, row_key, op, old_values, new_values)
    VALUES (oph_action(), 'settings', OLD.key, 'delete',
        json_object('key', OLD.key, 'value', OLD.value), NULL);
END;

INSERT INTO settings(key, value) VALUES ('pseudonym_key', lower(hex(randomblob(32))));
-- This database's own identity: names the file outside it that keeps the log's last head
-- ($XDG_STATE_HOME/ophamp/heads/), so that a log cut back is noticed.
INSERT INTO settings(key, value) VALUES ('database_id', lower(hex(randomblob(16))));

-- ---------------------------------------------------------------------------------------
-- Default due-time rules (SPEC §2, DOMAIN.md). Edited with `ophamp rule set`.
INSERT INTO rules(key, description, amount, unit, base) VALUES
    ('crime', 'Crime recorded, reference entered, investigation plan noted', 24, 'hours', 'reported'),
    ('victim-code', 'Victim Code needs assessment and support referral', 2, 'working-days', 'reported'),
    ('investigator', 'Investigator and statement taker assigned', 24, 'hours', 'reported'),
    ('welfare', 'First welfare contact by the supervisor', 24, 'hours', 'reported'),
    ('slt', 'Local senior command team informed', 24, 'hours', 'reported'),
    ('iod', 'Injury-on-duty report signed by the victim and the supervisor', 7, 'days', 'reported'),
    ('evidence', 'Every evidence item secured or not available', 31, 'days', 'occurred'),
    ('welfare-72h', 'Welfare follow-up: trauma risk check', 72, 'hours', 'reported'),
    ('welfare-28d', 'Welfare follow-up at 28 days', 28, 'days', 'reported'),
    ('welfare-off-work', 'Welfare follow-up while off work injured', 28, 'days', 'event'),
    ('victim-decision', 'Victim told of an arrest, charge, release, bail or caution', 5, 'working-days', 'event'),
    ('victim-decision-enhanced', 'Enhanced-rights victim told of a decision', 1, 'working-days', 'event'),
    ('victim-update', 'Regular victim update while the case is open', 28, 'days', 'event'),
    ('outcome-notice', 'Victim told the outcome (and of the right to review)', 5, 'working-days', 'event'),
    ('riddor-over-7-days', 'RIDDOR report: off work more than 7 days', 15, 'days', 'occurred'),
    ('riddor-specified', 'RIDDOR report: specified injury', 10, 'days', 'occurred'),
    ('riddor-death', 'RIDDOR report: death, without delay (by telephone, then online)', 0, 'hours', 'event'),
    ('outcome-notice-review', 'Victim told of the decision not to prosecute, the reasons and the right to review', 5, 'working-days', 'event'),
    ('review-window', 'Victim may ask for a review of a decision not to prosecute', 3, 'months', 'event'),
    ('inspector-told', 'Supervisor tells the inspector (the second-line manager)', 12, 'hours', 'reported'),
    ('injury-confirmed', 'Second-line manager confirms the injury assessment', 72, 'hours', 'reported'),
    ('welfare-officer', 'Second-line manager appoints a welfare officer, or decides none is needed', 48, 'hours', 'reported'),
    ('senior-leader', 'Second-line manager informs a local senior leader', 24, 'hours', 'reported'),
    ('management-meeting', 'Case put on the next management meeting', 7, 'days', 'reported'),
    ('evidence-bwv', 'Body-worn video marked evidential before automatic deletion', 31, 'days', 'occurred'),
    ('evidence-cctv', 'CCTV requested before it is overwritten', 7, 'days', 'occurred'),
    ('evidence-photos', 'Injury photographs taken', 48, 'hours', 'occurred'),
    ('evidence-medical', 'Medical evidence obtained', 28, 'days', 'occurred'),
    ('evidence-witness', 'Witness statements taken', 7, 'days', 'occurred'),
    ('evidence-recording', '999 and radio recordings secured', 28, 'days', 'occurred'),
    ('evidence-other', 'Other evidence secured', 14, 'days', 'occurred');

-- One-off changes to the regular bank holidays (DOMAIN.md). Users add future ones.
INSERT INTO bank_holiday_changes(date, change, note) VALUES
    ('2020-05-04', 'remove', 'Early May bank holiday moved to 8 May (VE Day 75)'),
    ('2020-05-08', 'add', 'Early May bank holiday (VE Day 75)'),
    ('2022-05-30', 'remove', 'Spring bank holiday moved to 2 June (Platinum Jubilee)'),
    ('2022-06-02', 'add', 'Spring bank holiday (Platinum Jubilee)'),
    ('2022-06-03', 'add', 'Platinum Jubilee bank holiday'),
    ('2022-09-19', 'add', 'State funeral of Queen Elizabeth II'),
    ('2023-05-08', 'add', 'Coronation of King Charles III');
