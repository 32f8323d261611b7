// Package authres reads Authentication-Results header fields (RFC 8601)
// and decides whether the receiving server vouched for a message's From
// address: for its domain by DKIM, SPF or DMARC, or for the address itself
// when the sender logged in to the server with SMTP AUTH under that very
// address (auth=pass smtp.auth=ADDRESS, as a provider writes on mail its
// own user submitted). rapport uses it to accept commands only from the
// owner's own, authenticated mail: a From header alone is trivially forged.
//
// Only fields added by a trusted server count: each field names the
// server that wrote it (its authserv-id), and a receiving server removes
// fields that claim its name but came from outside (RFC 8601 section
// 5). The caller configures the names of the servers it trusts.
package authres

import (
	"strings"

	"rapport/internal/ascii"
)

// Result is one method's verdict in a field: "dkim=pass header.d=example.com".
type Result struct {
	Method string            // "dkim", "spf", "dmarc", … in lower case
	Value  string            // "pass", "fail", "none", … in lower case
	Props  map[string]string // "header.d" → "example.com", keys in lower case
}

// Field is one Authentication-Results header field.
type Field struct {
	AuthServID string // the server that wrote it, in lower case
	Results    []Result
}

// Parse reads one field's value. It is lenient: comments are dropped, a
// version number after the authserv-id is skipped, and a result it cannot
// read is left out. ok is false when there is not even an authserv-id.
func Parse(value string) (f Field, ok bool) {
	parts := strings.Split(stripComments(value), ";")
	head := strings.Fields(parts[0])
	if len(head) == 0 {
		return Field{}, false
	}
	f.AuthServID = strings.ToLower(head[0])
	for _, p := range parts[1:] {
		words := strings.Fields(p)
		if len(words) == 0 {
			continue
		}
		method, value, ok := strings.Cut(words[0], "=")
		if !ok {
			continue // "none", or a version
		}
		method, _, _ = strings.Cut(method, "/") // "dkim/1=pass"
		r := Result{Method: strings.ToLower(method), Value: strings.ToLower(value), Props: map[string]string{}}
		for _, w := range words[1:] {
			if k, v, ok := strings.Cut(w, "="); ok && strings.Contains(k, ".") {
				r.Props[strings.ToLower(k)] = strings.Trim(v, `"`)
			}
		}
		f.Results = append(f.Results, r)
	}
	return f, true
}

// stripComments removes parenthesised comments, nested or not, and the
// insides of quoted strings' escapes are kept as they are.
func stripComments(s string) string {
	var b strings.Builder
	depth, quoted := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted:
			if c == '"' {
				quoted = false
			}
			if depth == 0 {
				b.WriteByte(c)
			}
		case c == '"' && depth == 0:
			quoted = true
			b.WriteByte(c)
		case c == '(':
			depth++
		case c == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Verified reports whether a field written by one of the trusted servers
// vouches for from, the address in the message's From field, by one of:
//
//   - DKIM passed for a signing domain aligned with from's domain;
//   - SPF passed for an aligned envelope sender;
//   - DMARC passed for from's domain;
//   - SMTP AUTH passed (auth=pass, RFC 8601 section 2.7.4) with an
//     smtp.auth property that is from itself, ASCII letters compared
//     without regard to case. Nothing else counts, not a login without a
//     domain nor another address of the same domain: logging in vouches
//     for one's own address only.
//
// Aligned means the same domain or one a subdomain of the other (the
// relaxed alignment of DMARC, without the public suffix list). values are
// the raw Authentication-Results field values; trusted names the servers
// whose fields count (authserv-ids, compared without regard to case). why
// says which result counted, or why none did.
func Verified(values []string, trusted []string, from string) (ok bool, why string) {
	addr := strings.TrimSpace(from)
	_, domain, found := strings.Cut(strings.ToLower(addr), "@")
	if !found || domain == "" {
		return false, "the From address has no domain"
	}
	trust := map[string]bool{}
	for _, t := range trusted {
		trust[strings.ToLower(strings.TrimSpace(t))] = true
	}
	seen := false
	for _, v := range values {
		f, ok := Parse(v)
		if !ok || !trust[f.AuthServID] {
			continue
		}
		seen = true
		for _, r := range f.Results {
			if r.Value != "pass" {
				continue
			}
			var d string
			switch r.Method {
			case "dkim":
				d = r.Props["header.d"]
				if d == "" {
					_, d, _ = strings.Cut(r.Props["header.i"], "@")
				}
			case "spf":
				d = r.Props["smtp.mailfrom"]
				if _, after, ok := strings.Cut(d, "@"); ok {
					d = after
				}
				if d == "" {
					d = r.Props["smtp.helo"]
				}
			case "dmarc":
				d = r.Props["header.from"]
			case "auth":
				if login := r.Props["smtp.auth"]; ascii.EqualFold(login, addr) {
					return true, "auth=pass for " + login + " from " + f.AuthServID
				}
				continue
			default:
				continue
			}
			if aligned(strings.ToLower(d), domain) {
				return true, r.Method + "=pass for " + d + " from " + f.AuthServID
			}
		}
	}
	if !seen {
		return false, "no Authentication-Results from a trusted server (" + strings.Join(trusted, ", ") + ")"
	}
	return false, "no passing DKIM, SPF or DMARC result aligned with " + domain + ", nor auth=pass for " + addr
}

// aligned reports whether two domains are the same or one is a subdomain
// of the other.
func aligned(a, b string) bool {
	a, b = strings.TrimSuffix(a, "."), strings.TrimSuffix(b, ".")
	if a == "" || b == "" {
		return false
	}
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}
