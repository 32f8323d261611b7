-- rapport schema 13: reserved for another branch's migration, which
-- replaces this file when the branches meet; it changes nothing.
SELECT 1;
