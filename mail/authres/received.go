package authres

import (
	"net/netip"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// hop is what a Received field says about one transfer (RFC 5321 section
// 4.4): "from HELO (NAME [ADDRESS]) by HOST …".
type hop struct {
	hasFrom bool       // the field has a from-clause
	helo    string     // the first word after "from": what the client called itself
	name    string     // the client's name as the receiving server wrote it in its comment
	unknown bool       // the comment says the name is unknown ("unknown [203.0.113.5]")
	addr    netip.Addr // the client's address, from the comment; invalid when none
	by      string     // the receiving server
}

// parseReceived reads the from- and by-clauses of a Received field value.
// It reports false for a field it cannot read with confidence: an empty
// one, a from without a name, neither from nor by, or more than one "by",
// as a client that slips " by " into its HELO would make it.
func parseReceived(v string) (h hop, ok bool) {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[:i] // the date
	}
	words, comments, byCount := receivedWords(v)
	if len(words) == 0 || !strings.EqualFold(words[0].text, "from") {
		// "by 2002:a05:…", "(qmail 123 invoked from network)": a hand-over
		// inside one system, recording no client at all.
		for i, w := range words {
			if strings.EqualFold(w.text, "by") && i+1 < len(words) {
				h.by = words[i+1].text
			}
		}
		return h, byCount == 1 || len(words) == 0 && len(comments) > 0
	}
	h.hasFrom = true
	if len(words) < 2 || strings.EqualFold(words[1].text, "by") || byCount > 1 {
		return h, false
	}
	h.helo = words[1].text
	fromEnd := len(v)
	for i := 2; i < len(words); i++ {
		if strings.EqualFold(words[i].text, "by") {
			fromEnd = words[i].at
			if i+1 < len(words) {
				h.by = words[i+1].text
			}
			break
		}
	}
	// The receiving server writes what it saw of the client in a comment
	// after the HELO; the last comment of the from-clause that holds an
	// address is taken, so one hidden inside a HELO written before it
	// does not count.
	for _, c := range comments {
		if c.at > fromEnd || c.at < words[1].at+len(words[1].text) {
			continue
		}
		if a, name, unknown, ok := tcpInfo(c.text); ok {
			h.addr, h.name, h.unknown = a, name, unknown
		}
	}
	return h, true
}

type word struct {
	text string
	at   int // byte offset in the field value
}

// receivedWords splits a Received value into words and comments, and
// counts the top-level "by" words. A word runs to the next space, so a
// "(" inside a HELO ("x([10.0.0.1])") stays part of it.
func receivedWords(v string) (words, comments []word, byCount int) {
	for i := 0; i < len(v); {
		switch c := v[i]; {
		case c == ' ' || c == '\t' || c == '\r' || c == '\n':
			i++
		case c == '(':
			end := skipComment(v, i)
			comments = append(comments, word{text: v[i+1 : max(end, i+1)], at: i})
			i = end + 1
		default:
			j := i
			for j < len(v) && v[j] != ' ' && v[j] != '\t' && v[j] != '\r' && v[j] != '\n' {
				j++
			}
			words = append(words, word{text: v[i:j], at: i})
			if strings.EqualFold(v[i:j], "by") {
				byCount++
			}
			i = j
		}
	}
	return words, comments, byCount
}

// tcpInfo reads a comment such as "mail.example.org [203.0.113.5]",
// "unknown [203.0.113.5]", "[203.0.113.5] helo=x" or "2603:10b6:5:1b0::12".
func tcpInfo(c string) (addr netip.Addr, name string, unknown, ok bool) {
	for _, f := range strings.FieldsFunc(c, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
		t := f
		if strings.HasPrefix(t, "[") {
			if end := strings.IndexByte(t, ']'); end > 0 {
				t = t[1:end] // "[203.0.113.5]:34334" carries a port
			}
			t = strings.TrimPrefix(strings.TrimPrefix(t, "IPv6:"), "ipv6:")
		}
		if a, err := netip.ParseAddr(t); err == nil {
			if !ok {
				addr, ok = a.Unmap(), true
			}
			continue
		}
		switch l := strings.ToLower(strings.TrimSuffix(f, ".")); {
		case l == "unknown":
			unknown = true
		case name == "" && isHostName(l):
			name = l
		}
	}
	return addr, name, unknown, ok
}

// isHostName reports a dotted name of letters, digits and hyphens.
func isHostName(s string) bool {
	if !strings.Contains(s, ".") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_') {
			return false
		}
	}
	return true
}

// internal reports whether a Received field records a hand-over inside
// the receiving side, which does not end the part of the header the
// receiving side wrote: no from-clause at all (Gmail's "by 2002:…"); a
// client address that is loopback, private, link-local or unique-local
// (Fastmail's "compute4.nyi.internal [10.202.2.44]", iCloud's "[127.0.0.2]",
// Microsoft's "fe80::…"); a client the receiving server names in the same
// organizational domain as itself (Gmail's "mail-sor-f41.google.com" to
// "mx.google.com", Microsoft's hops between *.prod.outlook.com hosts, which
// record public IPv6 addresses); or, where no address is recorded at all,
// a client or server name that means something only inside a network
// (iCloud's "from p00-icloudmta-asmtp-… by p139-mailgateway-smtp-…",
// Dovecot's LMTP over a socket "from mail.example.org by mail").
//
// The client's name is the one the receiving server looked up when it
// wrote one in its comment; only where it wrote none (Microsoft 365 writes
// "from HELO (ADDRESS)") is the name the client gave itself used. A field
// it cannot read is not internal.
func internal(v string) bool {
	h, ok := parseReceived(v)
	switch {
	case !ok:
		return false
	case !h.hasFrom:
		return true
	case h.addr.IsValid():
		a := h.addr
		if a.IsLoopback() || a.IsPrivate() || a.IsLinkLocalUnicast() {
			return true
		}
	case localName(h.helo) || localName(h.by):
		// No address recorded: a hand-over by socket or inside a
		// cluster, which a server on the edge, recording its client's
		// address, never writes.
		return true
	}
	name := h.name
	if name == "" && !h.unknown {
		name = strings.ToLower(strings.TrimSuffix(h.helo, "."))
	}
	org, byOrg := orgDomain(name), orgDomain(strings.ToLower(strings.TrimSuffix(h.by, ".")))
	return org != "" && org == byOrg
}

// localName reports a host name that no one outside a network can own: a
// single label, localhost, or a name under a special-use or private top
// level (RFC 6761, RFC 6762, RFC 8375 home.arpa, ICANN's .internal).
func localName(s string) bool {
	s = strings.ToLower(strings.TrimSuffix(s, "."))
	if s == "" || s == "unknown" || strings.ContainsAny(s, "[]:") {
		return false
	}
	if !strings.Contains(s, ".") {
		return isHostName(s + ".x")
	}
	for _, tld := range []string{".localhost", ".local", ".internal", ".localdomain", ".lan", ".home.arpa"} {
		if strings.HasSuffix(s, tld) {
			return true
		}
	}
	return false
}

// orgDomain returns the organizational domain of a host name (DMARC, RFC
// 7489 section 3.2: one label below its public suffix), or "" when the
// name is itself a public suffix or no domain name.
func orgDomain(name string) string {
	if !isHostName(name) {
		return ""
	}
	org, err := publicsuffix.EffectiveTLDPlusOne(name)
	if err != nil {
		return ""
	}
	return org
}

// describeHop names a Received field in a reason: "the Received field
// from mail.example.net (203.0.113.5)".
func describeHop(v string) string {
	h, ok := parseReceived(v)
	if !ok || !h.hasFrom {
		return "an unreadable Received field"
	}
	who := h.name
	if who == "" {
		who = h.helo
	}
	if h.addr.IsValid() {
		who += " (" + h.addr.String() + ")"
	}
	return "the Received field from " + who
}
