-- rapport schema 11: names are stored as people read them. Contact names
-- and the sender of a forwarded introduction that an older rapport kept
-- RFC 2047-encoded ("=?utf-8?q?Tom=C3=A1s_Herrera?=") are decoded; SQL
-- cannot decode them, so this version's work is done in Go, in the same
-- transaction (decodeStoredNames, in migrate_names.go).
-- introductions.sender becomes "Name <address>" for people to read (a
-- quote's attribution), no longer a header value.
SELECT 1;
