package classify

import (
	"regexp"
	"strconv"
	"strings"
)

// Gateways between Internet mail and X.400 (and Exchange, which kept
// X.400 addressing long after) write the failed recipient inside an
// X.400 O/R address or an Exchange encapsulated address, where the bare
// address pattern would read it wrongly or not at all:
//
//	/C=DE/ADMD=X/PRMD=Y/DD.RFC-822=kim(a)example.org/   (RFC 2156 4.2.2)
//	c=US;a= ;p=Corp;o=Mail;DDA:RFC-822=kim(a)example.org;   (RFC 1685)
//	[RFC-822="kim(a)example.org"]INTERNET/TELEMAIL/US
//	IMCEASMTP-kim+40example+2Eorg@corp.example   (Exchange IMCEA)
//
// RFC 2156 section 4.3.4 writes the characters a PrintableString lacks
// as (a) "@", (p) "%", (b) "!", (q) `"`, (u) "_", (l) "(", (r) ")" and
// (ddd) for any other by its decimal code.

// x400RFC822 finds the RFC-822 domain-defined attribute of an O/R address.
var x400RFC822 = regexp.MustCompile(`(?i)(?:\bDDA?[.:])?\bRFC-?822\s*=\s*"?([^/;"\]\s]+)"?`)

// imceaAddress finds an Exchange IMCEA-encapsulated SMTP address.
var imceaAddress = regexp.MustCompile(`(?i)\bIMCEASMTP-([A-Za-z0-9!#$%&'*+/=?^_{|}~.-]+)@[A-Za-z0-9.-]+`)

// x400Escapes maps RFC 2156 escape letters to the characters they stand for.
var x400Escapes = map[string]string{"a": "@", "p": "%", "b": "!", "q": `"`, "u": "_", "l": "(", "r": ")"}

// decodeX400Value turns "kim(a)example.org" into "kim@example.org".
func decodeX400Value(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '(' {
			if end := strings.IndexByte(v[i:], ')'); end > 1 && end <= 4 {
				code := strings.ToLower(v[i+1 : i+end])
				if s, ok := x400Escapes[code]; ok {
					b.WriteString(s)
					i += end
					continue
				}
				if n, err := strconv.Atoi(code); err == nil && len(code) == 3 && n > 32 && n < 127 {
					b.WriteByte(byte(n))
					i += end
					continue
				}
			}
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// decodeIMCEA turns "kim+40example+2Eorg" into "kim@example.org": IMCEA
// writes each character an address part cannot hold as "+" and two hex
// digits.
func decodeIMCEA(v string) string {
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		if v[i] == '+' && i+2 < len(v) && isHex(v[i+1]) && isHex(v[i+2]) {
			b.WriteByte(unhex(v[i+1])<<4 | unhex(v[i+2]))
			i += 2
			continue
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// encapsulatedAddresses returns the Internet addresses written inside
// X.400 or IMCEA forms on line, and the line with those forms blanked so
// the plain address pattern does not read them again.
func encapsulatedAddresses(line string) (addrs []string, rest string) {
	if !strings.Contains(line, "=") && !strings.Contains(line, "IMCEA") && !strings.Contains(line, "imcea") {
		return nil, line
	}
	rest = line
	for _, re := range []*regexp.Regexp{x400RFC822, imceaAddress} {
		for _, sm := range re.FindAllStringSubmatch(rest, -1) {
			var v string
			if re == x400RFC822 {
				v = decodeX400Value(sm[1])
			} else {
				v = decodeIMCEA(sm[1])
			}
			if a := addrSpec.FindString(v); a != "" {
				addrs = append(addrs, a)
			}
		}
		rest = re.ReplaceAllLiteralString(rest, " ")
	}
	return addrs, rest
}
