-- Schema 1 to 2: the full-text index of the case list (case_search), its source view and the
-- triggers that keep it, filled from the cases already there.
--
-- Frozen: this is what the upgrade to schema 2 did when it was released; never edit it (a
-- later change to these objects is a later migration, or schema.sql's text that the upgrade
-- to schema 4 brings every object to). SQLite keeps a CREATE statement's text as it was
-- typed, so each statement stands on one line exactly as the released program typed it.
-- Pure SQL: nothing here needs the program.

CREATE VIEW case_search_source(id, key, reference, names, text, facets) AS SELECT c.id, c.occurred_at * 67108864 + c.id, c.reference, v.name || ' ' || v.number, c.location || ' ' || coalesce(c.offence, '') || ' ' || coalesce(c.summary, '') || ' ' || coalesce(c.crime_reference, ''), c.status || ' ' || c.location_kind FROM cases c JOIN people v ON v.id = c.victim_id;
CREATE VIRTUAL TABLE case_search USING fts5(reference, names, text, facets, tokenize = 'unicode61 remove_diacritics 2', prefix = '3');
CREATE TRIGGER case_search_insert AFTER INSERT ON cases BEGIN SELECT RAISE(ABORT, 'the search index holds 67 million cases at most') WHERE NEW.id >= 67108864; INSERT INTO case_search(rowid, reference, names, text, facets) SELECT key, reference, names, text, facets FROM case_search_source WHERE id = NEW.id; END;
CREATE TRIGGER case_search_update AFTER UPDATE OF reference, victim_id, occurred_at, location, location_kind, offence, summary, crime_reference, status ON cases WHEN NEW.reference IS NOT OLD.reference OR NEW.victim_id IS NOT OLD.victim_id OR NEW.occurred_at IS NOT OLD.occurred_at OR NEW.location IS NOT OLD.location OR NEW.location_kind IS NOT OLD.location_kind OR NEW.offence IS NOT OLD.offence OR NEW.summary IS NOT OLD.summary OR NEW.crime_reference IS NOT OLD.crime_reference OR NEW.status IS NOT OLD.status BEGIN DELETE FROM case_search WHERE rowid = OLD.occurred_at * 67108864 + OLD.id; INSERT INTO case_search(rowid, reference, names, text, facets) SELECT key, reference, names, text, facets FROM case_search_source WHERE id = NEW.id; END;
CREATE TRIGGER case_search_person_update AFTER UPDATE OF name, number ON people WHEN NEW.name IS NOT OLD.name OR NEW.number IS NOT OLD.number BEGIN DELETE FROM case_search WHERE rowid IN (SELECT occurred_at * 67108864 + id FROM cases WHERE victim_id = NEW.id); INSERT INTO case_search(rowid, reference, names, text, facets) SELECT key, reference, names, text, facets FROM case_search_source WHERE id IN (SELECT id FROM cases WHERE victim_id = NEW.id); END;

-- The index of the cases already there.
INSERT INTO case_search(rowid, reference, names, text, facets) SELECT key, reference, names, text, facets FROM case_search_source;
