package authres

import "strings"

// Result is one method's verdict in a field: "dkim=pass header.d=example.com".
type Result struct {
	Method string            // "dkim", "spf", "dmarc", … in lower case
	Value  string            // "pass", "fail", "none", … in lower case
	Props  map[string]string // "header.d" → "example.com", keys in lower case, values unquoted
}

// Field is one Authentication-Results header field.
type Field struct {
	// AuthServID names the server that wrote the field, in lower case. It
	// is "" when the field starts with a result instead, as Microsoft 365
	// writes them ("spf=pass (sender IP is …) smtp.mailfrom=…; dkim=…").
	AuthServID string
	Results    []Result
}

// Parse reads one field's value (RFC 8601 section 2.2). It is lenient, as
// real fields need: comments are dropped wherever they stand, even when
// they hold a ";" as OpenDKIM's "(2048-bit key; unprotected)" does; quoted
// values are unquoted; a version after the authserv-id is skipped; spaces
// around "=" are allowed; a result it cannot read is left out, and words
// that are no result (Microsoft's stray "outlook.com;") are skipped. ok is
// false when the value holds neither an authserv-id nor a result.
//
// github.com/emersion/go-msgauth/authres was weighed and not used: it
// splits on every ";" before looking for comments, so OpenDKIM's comment
// makes it fail the whole field, it refuses any version but "1" after the
// authserv-id and so every Microsoft 365 field, and it keeps quotes.
func Parse(value string) (f Field, ok bool) {
	parts := splitTokens(value)
	if len(parts) == 0 {
		return Field{}, false
	}
	head := parts[0]
	if len(head) >= 2 && head[1].eq {
		// No authserv-id: the first part is already a result.
		parts = append([][]token{nil}, parts...)
	} else if len(head) > 0 {
		f.AuthServID = strings.ToLower(head[0].text)
	}
	for _, p := range parts[1:] {
		if r, ok := parseResult(p); ok {
			f.Results = append(f.Results, r)
		}
	}
	return f, f.AuthServID != "" || len(f.Results) > 0
}

// parseResult reads "method[/version] = value *(ptype.property = pvalue)".
func parseResult(p []token) (Result, bool) {
	if len(p) < 2 || !p[1].eq || p[0].quoted {
		return Result{}, false // "none", or a word that is no result
	}
	method, _, _ := strings.Cut(p[0].text, "/") // "dkim/1=pass"
	if method == "" || p[1].text == "" {
		return Result{}, false
	}
	r := Result{Method: strings.ToLower(method), Value: strings.ToLower(p[1].text), Props: map[string]string{}}
	for i := 2; i+1 < len(p); i++ {
		if p[i+1].eq && !p[i].quoted {
			if k := strings.ToLower(p[i].text); strings.Contains(k, ".") || k == "reason" {
				if _, seen := r.Props[k]; !seen {
					r.Props[k] = p[i+1].text
				}
			}
			i++
		}
	}
	return r, true
}

// token is a word of a field value. eq marks a word that followed "=",
// so "a=b" gives "a" and then "b" with eq set.
type token struct {
	text   string
	eq     bool
	quoted bool
}

// splitTokens splits a field value into parts at each ";" outside quotes
// and comments, and each part into words. Comments are dropped; quoted
// strings are unquoted, backslash escapes resolved.
func splitTokens(s string) [][]token {
	var parts [][]token
	var cur []token
	var word strings.Builder
	inWord, quoted, afterEq := false, false, false
	endWord := func() {
		if inWord {
			cur = append(cur, token{text: word.String(), eq: afterEq, quoted: quoted})
			afterEq = false
		}
		word.Reset()
		inWord, quoted = false, false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			endWord()
			i = skipComment(s, i)
		case c == '"':
			if inWord && !quoted {
				endWord()
			}
			inWord, quoted = true, true
			for i++; i < len(s) && s[i] != '"'; i++ {
				if s[i] == '\\' && i+1 < len(s) {
					i++
				}
				word.WriteByte(s[i])
			}
			endWord()
		case c == '=':
			endWord()
			afterEq = true
		case c == ';':
			endWord()
			afterEq = false
			parts = append(parts, cur)
			cur = nil
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			endWord()
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	endWord()
	return append(parts, cur)
}

// skipComment returns the index of the ")" closing the comment that opens
// at s[i], or the last index when it is never closed. Comments nest and
// a backslash escapes the next byte (RFC 5322 section 3.2.2).
func skipComment(s string, i int) int {
	depth := 0
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return len(s) - 1
}
