// Package shellquote writes words for the command lines rapport prints for
// the owner to paste (a chmod hint, the restore commands after a backup).
package shellquote

import "strings"

// safe holds the bytes a POSIX shell reads literally outside quotes.
const safe = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789./_-+=:@%,"

// Word returns s as one shell word: unchanged when it holds only letters,
// digits and ./_-+=:@%, and otherwise in single quotes, each ' written as
// '\”. The empty string is ”.
func Word(s string) string {
	if s != "" && strings.Trim(s, safe) == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
