// Package authres decides whether the owner's receiving server vouched
// that a message comes from the owner, from the Authentication-Results
// header fields it wrote (RFC 8601). rapport accepts commands only from
// the owner's own, authenticated mail: a From field alone is trivially
// forged, and so is an Authentication-Results field.
//
// Which fields count. Header fields are prepended as mail travels, so the
// fields of the receiving side sit above the Received field its server
// wrote when it took the message from outside, and anything a sender
// forged sits below it. Only the part of the header above the first
// Received field that records a hop from outside counts (hops inside the
// provider do not end it: see internal), and in it only the topmost field
// of a trusted authserv-id, together with the trusted fields written with
// it, before the next Received field: one server's stamp, which some
// providers spread over several fields (Fastmail writes four, iCloud one
// per method, OpenDKIM and OpenDMARC one each). In that stamp a method
// counts by the first field that reports it, so a field below cannot
// overturn a verdict above it. (What is left: a sender's field right
// below a stamp, with no Received field between, may add a method the
// stamp does not report; it gets there only through a hop that reads as
// internal, and a receiving server that strips fields naming it, as RFC
// 8601 section 5 asks, leaves none.)
//
// Gmail and iCloud write their fields below the Received field of the hop
// they report on, so mail they take from outside never counts; mail
// between their own servers does, since those hops are internal.
//
// What proves the owner, in that stamp: DMARC passing for the From domain
// itself; DKIM passing for a domain of the From domain's organization
// (DMARC relaxed alignment, RFC 7489 section 3.1.1, with the public
// suffix list); or SMTP AUTH passing for the From address itself. SPF
// never does on its own: it vouches for the envelope sender, which need
// not be the From address at all.
package authres

import (
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// HeaderField is one header field as it stands in the message: its name
// and its unfolded value.
type HeaderField struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// stamp is the trusted fields that count, top first.
type stamp struct {
	fields []Field
}

// first returns the results for method from the first field of the stamp
// that reports it: a method reported again further down is ignored.
func (s stamp) first(method string) (rs []Result, id string) {
	for _, f := range s.fields {
		for _, r := range f.Results {
			if r.Method == method {
				rs = append(rs, r)
			}
		}
		if len(rs) > 0 {
			return rs, f.AuthServID
		}
	}
	return nil, ""
}

// Verified reports whether the receiving server vouched that the message
// comes from the owner, whose address from is (the message's From address;
// the caller checks that it is one of the owner's).
//
// header lists the message's Received and Authentication-Results fields,
// in order, top first; fields of other names are skipped, so the whole
// header may be passed. trusted names the servers whose fields count:
// authserv-ids, compared with ASCII letters folded, each also covering
// its subdomains ("messagingengine.com" covers "mx6.messagingengine.com",
// not "messagingengine.com.example"). The package comment says which
// fields count and which results prove the owner. why says which field
// and result counted, or precisely why none did.
func Verified(header []HeaderField, trusted []string, from string) (ok bool, why string) {
	addr := strings.TrimSpace(from)
	at := strings.LastIndexByte(addr, '@')
	domain := strings.TrimSuffix(addr[at+1:], ".")
	if at < 0 || domain == "" {
		return false, "the From address has no domain"
	}
	var ids []string
	for _, t := range trusted {
		if t = strings.TrimSuffix(strings.TrimSpace(t), "."); t != "" {
			ids = append(ids, t)
		}
	}
	if len(ids) == 0 {
		return false, "no trusted authserv-id is configured"
	}
	s, why := findStamp(header, ids)
	if len(s.fields) == 0 {
		return false, why
	}
	return judge(s, addr, domain)
}

// isTrusted reports whether id is one of ids or a subdomain of one.
func isTrusted(id string, ids []string) bool {
	for _, t := range ids {
		if ascii.EqualFold(id, t) {
			return true
		}
		if n := len(id) - len(t); n > 1 && id[n-1] == '.' && ascii.EqualFold(id[n:], t) {
			return true
		}
	}
	return false
}

// findStamp returns the trusted fields that count (see the package
// comment), or none and why.
func findStamp(header []HeaderField, ids []string) (s stamp, why string) {
	var others []string // authserv-ids of untrusted fields in the region
	anonymous := false  // a field without an authserv-id is in the region
	hop, below := "", ""
scan:
	for i, hf := range header {
		switch {
		case strings.EqualFold(hf.Name, "Received"):
			if len(s.fields) > 0 {
				return s, "" // the stamp ends where an earlier hop begins
			}
			if !internal(hf.Value) {
				hop, below = describeHop(hf.Value), trustedBelow(header[i:], ids)
				break scan
			}
		case strings.EqualFold(hf.Name, "Authentication-Results"):
			f, ok := Parse(hf.Value)
			switch {
			case !ok:
			case f.AuthServID == "":
				anonymous = true
			case isTrusted(f.AuthServID, ids):
				s.fields = append(s.fields, f)
			default:
				others = append(others, f.AuthServID)
			}
		}
	}
	switch {
	case len(s.fields) > 0:
		return s, ""
	case below != "":
		return s, "no Authentication-Results of a trusted server above " + hop +
			"; the one from " + below + " below it cannot be told from one the sender wrote"
	case anonymous:
		return s, "the Authentication-Results field names no server (Microsoft 365 writes it so): no trusted server vouched for the message"
	case len(others) > 0:
		return s, "no Authentication-Results from a trusted server (" + strings.Join(ids, ", ") + "), only from " + strings.Join(others, ", ")
	case hop != "":
		return s, "no Authentication-Results of a trusted server above " + hop
	}
	return s, "no Authentication-Results field"
}

// trustedBelow returns the authserv-id of the first trusted field in
// header, or "".
func trustedBelow(header []HeaderField, ids []string) string {
	for _, hf := range header {
		if strings.EqualFold(hf.Name, "Authentication-Results") {
			if f, ok := Parse(hf.Value); ok && f.AuthServID != "" && isTrusted(f.AuthServID, ids) {
				return f.AuthServID
			}
		}
	}
	return ""
}
