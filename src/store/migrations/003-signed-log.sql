-- Schema 3 to 4: the log of signed actions. The log of schemas 1 to 3 (audit_log) is kept and
-- closed, the view that wrote it goes, the rules of schema 4's follow-ups are added and the
-- database gets its own id.
--
-- Frozen once schema 4 is released; never edit it then.
--
-- What SQL cannot do runs first, in the program (upgrade.c, upgrade_3_to_4): every object is
-- brought to schema.sql's text (the new tables, indexes and triggers made, those an older
-- version wrote differently made again, tables with their rows), which needs schema.sql as
-- the program holds it and a comparison with what the file holds; then report_done is filled
-- again from the steps and follow-ups (its follow-ups counted by group in fields of 12 bits),
-- by a statement made from the plan's table of steps so that a new step needs no edit here.
-- This file runs after that: the rules and the id are logged rows of the upgrade's action,
-- written by the triggers schema.sql's text has just put in place.

DROP VIEW IF EXISTS audit_entry;

-- The rules schema 4 adds (as schema.sql's defaults).
INSERT OR IGNORE INTO rules(key, description, amount, unit, base) VALUES
    ('riddor-death', 'RIDDOR report: death, without delay (by telephone, then online)', 0, 'hours', 'event'),
    ('outcome-notice-review', 'Victim told of the decision not to prosecute, the reasons and the right to review', 5, 'working-days', 'event'),
    ('review-window', 'Victim may ask for a review of a decision not to prosecute', 3, 'months', 'event'),
    ('inspector-told', 'Supervisor tells the inspector (the second-line manager)', 12, 'hours', 'reported'),
    ('injury-confirmed', 'Second-line manager confirms the injury assessment', 72, 'hours', 'reported'),
    ('welfare-officer', 'Second-line manager appoints a welfare officer, or decides none is needed', 48, 'hours', 'reported'),
    ('senior-leader', 'Second-line manager informs a local senior leader', 24, 'hours', 'reported'),
    ('management-meeting', 'Case put on the next management meeting', 7, 'days', 'reported');

INSERT INTO settings(key, value) VALUES ('database_id', lower(hex(randomblob(16))));
