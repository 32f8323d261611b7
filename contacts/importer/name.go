package importer

import "github.com/rapport-mail/rapport/internal/textclean"

// rowName is the name a row's cells give, as it is stored: white space
// collapsed, and RFC 2047 encoded words decoded, since address books
// exported from a mail program sometimes keep a display name as its
// header had it ("=?utf-8?q?Tom=C3=A1s_Herrera?=").
func rowName(s string) string { return textclean.Name(s) }
