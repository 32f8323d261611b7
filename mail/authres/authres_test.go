package authres

import (
	"strings"
	"testing"
)

// hdr builds a header from "Name: value" lines, top first.
func hdr(lines ...string) []HeaderField {
	var out []HeaderField
	for _, l := range lines {
		name, value, _ := strings.Cut(l, ":")
		out = append(out, HeaderField{Name: name, Value: strings.TrimSpace(value)})
	}
	return out
}

// ar builds a header of Authentication-Results fields only.
func ar(values ...string) []HeaderField {
	var out []HeaderField
	for _, v := range values {
		out = append(out, HeaderField{Name: "Authentication-Results", Value: v})
	}
	return out
}

const (
	owner     = "alex@owner.example"
	external  = "Received: from sender.example (sender.example [203.0.113.5]) by mx.owner.example (Postfix) with ESMTPS id 4Abc; Mon, 2 Mar 2026 10:00:00 +0000"
	loopback  = "Received: from mx.owner.example (localhost [127.0.0.1]) by mx.owner.example (Postfix) with ESMTP id 4Abd; Mon, 2 Mar 2026 10:00:01 +0000"
	lmtpLocal = "Received: by mx.owner.example (Postfix, from userid 0) id 4Abe; Mon, 2 Mar 2026 10:00:02 +0000"
)

type verifyCase struct {
	name    string
	header  []HeaderField
	trusted []string // default mx.owner.example
	from    string   // default owner
	want    bool
	why     string // a part of the reason
}

func runVerify(t *testing.T, tests []verifyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			trusted, from := tt.trusted, tt.from
			if trusted == nil {
				trusted = []string{"mx.owner.example"}
			}
			if from == "" {
				from = owner
			}
			got, why := Verified(tt.header, trusted, from)
			if got != tt.want || !strings.Contains(why, tt.why) {
				t.Errorf("Verified() = %v, %q; want %v, with %q", got, why, tt.want, tt.why)
			}
		})
	}
}

// TestVerifiedResults covers what, in the field that counts, proves the
// owner: DMARC for the From domain, DKIM aligned by organizational domain,
// SMTP AUTH for the address (TestVerifiedSMTPAuth); never SPF.
func TestVerifiedResults(t *testing.T) {
	runVerify(t, []verifyCase{
		{name: "dmarc pass", header: ar("mx.owner.example; dmarc=pass (p=none dis=none) header.from=owner.example"),
			want: true, why: "dmarc=pass for owner.example in the Authentication-Results from mx.owner.example"},
		{name: "dmarc pass, domain in other case", header: ar("mx.owner.example; dmarc=pass header.from=Owner.EXAMPLE"),
			from: "Alex@owner.example", want: true, why: "dmarc=pass"},
		{name: "dmarc fail", header: ar("mx.owner.example; dkim=fail header.d=owner.example; dmarc=fail (p=reject) header.from=owner.example"),
			why: "the topmost Authentication-Results from mx.owner.example does not prove alex@owner.example: dmarc=fail; dkim=fail"},
		{name: "dmarc pass for another domain", header: ar("mx.owner.example; dmarc=pass header.from=mailer.example"),
			why: "dmarc=pass is for mailer.example, not owner.example"},
		{name: "dmarc pass for a subdomain", header: ar("mx.owner.example; dmarc=pass header.from=mail.owner.example"),
			why: "dmarc=pass is for mail.owner.example"},
		{name: "dmarc pass, Kelvin sign in header.from", header: ar("mx.owner.example; dmarc=pass header.from=\u212aey.example"),
			from: "alex@key.example", why: "dmarc=pass is for"},
		{name: "dkim aligned", header: ar("mx.owner.example; dkim=pass (2048-bit key) header.d=owner.example header.s=s1 header.b=abc"),
			want: true, why: "dkim=pass for owner.example, aligned with owner.example, in the Authentication-Results from mx.owner.example"},
		{name: "dkim by the parent domain", header: ar("mx.owner.example 1; dkim=pass header.d=owner.example"),
			from: "alex@mail.owner.example", want: true, why: "dkim=pass for owner.example"},
		{name: "dkim by a subdomain", header: ar("mx.owner.example; dkim=pass header.d=news.owner.example"),
			want: true, why: "aligned"},
		{name: "dkim by header.i", header: ar("mx.owner.example; dkim=pass header.i=@owner.example"),
			from: "Alex@Owner.Example", want: true, why: "dkim=pass for owner.example"},
		{name: "dkim by a public suffix", header: ar("mx.owner.example; dkim=pass header.d=co.uk"),
			from: "alex@example.co.uk", why: "header.d=co.uk is a public suffix"},
		{name: "dkim under a two-label suffix", header: ar("mx.owner.example; dkim=pass header.d=mail.example.co.uk"),
			from: "alex@example.co.uk", want: true, why: "dkim=pass for mail.example.co.uk, aligned with example.co.uk"},
		{name: "dkim by a neighbour under the same suffix", header: ar("mx.owner.example; dkim=pass header.d=other.co.uk"),
			from: "alex@example.co.uk", why: "dkim=pass for other.co.uk is not aligned with example.co.uk"},
		{name: "dkim of a hosting service", header: ar("mx.owner.example; dkim=pass header.d=alex.github.io"),
			from: "alex@bob.github.io", why: "not aligned"},
		{name: "dkim of another domain", header: ar("mx.owner.example; dkim=pass header.d=mailer.example"),
			why: "dkim=pass for mailer.example is not aligned with owner.example"},
		{name: "look-alike domain", header: ar("mx.owner.example; dkim=pass header.d=evilowner.example"),
			why: "not aligned"},
		{name: "one aligned signature among others", header: ar("mx.owner.example; dkim=fail header.d=old.example; dkim=pass header.d=mailer.example; dkim=pass header.d=owner.example"),
			want: true, why: "dkim=pass for owner.example"},
		{name: "spf pass for another mailbox", header: ar("mx.owner.example; spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=bob@example.com"),
			from: "alex@example.com", why: "spf=pass alone does not prove the owner"},
		{name: "spf pass for the owner's own mailbox", header: ar("mx.owner.example; spf=pass smtp.mailfrom=alex@owner.example; dkim=none"),
			why: "dkim=none; spf=pass alone does not prove the owner"},
		{name: "spf helo", header: ar("mx.owner.example; spf=pass smtp.helo=mail.owner.example"),
			why: "spf=pass alone does not prove the owner"},
		{name: "no result that could prove", header: ar("mx.owner.example; iprev=pass policy.iprev=192.0.2.1"),
			why: "reports no dmarc, dkim or auth result"},
		{name: "none", header: ar("mx.owner.example; none"), why: "reports no dmarc, dkim or auth result"},
		{name: "no field", header: hdr(external), why: "no Authentication-Results of a trusted server above"},
		{name: "nothing", why: "no Authentication-Results field"},
		{name: "garbage", header: ar(";;;===((", "", "mx.owner.example; =pass; dkim"), why: "reports no"},
		{name: "no domain in From", header: ar("mx.owner.example; dkim=pass header.d=owner.example"),
			from: "alex", why: "the From address has no domain"},
		{name: "nothing trusted", header: ar("mx.owner.example; dkim=pass header.d=owner.example"),
			trusted: []string{" ", ""}, why: "no trusted authserv-id is configured"},
	})
}

// TestVerifiedSyntax covers fields written in the ways RFC 8601 allows and
// real servers use: comments anywhere, quoted values, a version, another
// case, and names that only look like the trusted one.
func TestVerifiedSyntax(t *testing.T) {
	runVerify(t, []verifyCase{
		{name: "trusted id in another case", header: ar("MX.Owner.Example; DKIM=PASS header.d=OWNER.example"),
			trusted: []string{"mx.OWNER.example"}, want: true, why: "dkim=pass for owner.example"},
		{name: "trusted parent covers the server", header: ar("phl-mx-02.owner.example; dmarc=pass header.from=owner.example"),
			trusted: []string{"owner.example."}, want: true, why: "from phl-mx-02.owner.example"},
		{name: "look-alike of a trusted id", header: ar("mx.owner.example.attacker.example; dmarc=pass header.from=owner.example"),
			why: "no Authentication-Results from a trusted server (mx.owner.example), only from mx.owner.example.attacker.example"},
		{name: "trusted id as a suffix without a dot", header: ar("evilmx.owner.example; dmarc=pass header.from=owner.example"),
			why: "only from evilmx.owner.example"},
		{name: "comment with a semicolon", header: ar("mx.owner.example; dkim=pass (2048-bit key; unprotected) header.d=owner.example header.i=@owner.example"),
			want: true, why: "dkim=pass"},
		{name: "comment before the id", header: ar("(checked; ok) mx.owner.example; dmarc=pass header.from=owner.example"),
			want: true, why: "dmarc=pass"},
		{name: "nested comments", header: ar("mx.owner.example; dmarc=pass (p=none (really) dis=none) header.from=owner.example"),
			want: true, why: "dmarc=pass"},
		{name: "quoted values", header: ar(`"mx.owner.example"; dkim=pass reason="good; signature" header.d="owner.example" header.b="a=b;c"`),
			want: true, why: "dkim=pass for owner.example"},
		{name: "spaces around the equals signs", header: ar("mx.owner.example; dmarc = pass header.from = owner.example"),
			want: true, why: "dmarc=pass"},
		{name: "method version", header: ar("mx.owner.example; dkim/1=pass header.d=owner.example"),
			want: true, why: "dkim=pass"},
		{name: "forged inside a comment", header: ar("mx.owner.example; dkim=fail (dkim=pass header.d=owner.example) header.d=owner.example"),
			why: "dkim=fail"},
		{name: "a property inside a quoted value", header: ar(`mx.owner.example; dmarc=pass reason="header.from=owner.example" header.from=mailer.example`),
			why: "dmarc=pass is for mailer.example"},
		{name: "a second header.from", header: ar("mx.owner.example; dmarc=pass header.from=mailer.example header.from=owner.example"),
			why: "dmarc=pass is for mailer.example"},
		{name: "microsoft 365 writes no id", header: ar("spf=pass (sender IP is 192.0.2.1) smtp.mailfrom=owner.example; dkim=pass (signature was verified) header.d=owner.example;dmarc=pass action=none header.from=owner.example;compauth=pass reason=100"),
			why: "the Authentication-Results field names no server (Microsoft 365 writes it so)"},
	})
}

// TestVerifiedOrder covers which fields count: only those above the first
// Received field from outside, and of those only the topmost trusted
// server's stamp.
func TestVerifiedOrder(t *testing.T) {
	runVerify(t, []verifyCase{
		{name: "forged pass below the receiving server's Received", header: hdr(
			"Authentication-Results: mx.owner.example; dkim=fail header.d=owner.example",
			external,
			"Authentication-Results: mx.owner.example; dkim=pass header.d=owner.example; dmarc=pass header.from=owner.example"),
			why: "does not prove alex@owner.example: dkim=fail"},
		{name: "forged pass below a genuine fail, no Received", header: ar(
			"mx.owner.example; dkim=fail header.d=owner.example",
			"mx.owner.example; dkim=pass header.d=owner.example"),
			why: "dkim=fail"},
		{name: "forged dmarc below a genuine dmarc fail, no Received", header: ar(
			"mx.owner.example; dkim=none; dmarc=fail header.from=owner.example",
			"mx.owner.example; dmarc=pass header.from=owner.example"),
			why: "dmarc=fail; dkim=none"},
		{name: "forged pass alone below an outside hop", header: hdr(
			lmtpLocal,
			external,
			"Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example"),
			why: "no Authentication-Results of a trusted server above the Received field from sender.example (203.0.113.5); the one from mx.owner.example below it cannot be told from one the sender wrote"},
		{name: "unreadable Received ends the region", header: hdr(
			"Received: from",
			"Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example"),
			why: "above an unreadable Received field"},
		{name: "stamp below internal hops", header: hdr(
			lmtpLocal,
			loopback,
			"Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example",
			external),
			want: true, why: "dmarc=pass"},
		{name: "second trusted field below an internal hop is ignored", header: hdr(
			"Authentication-Results: mx.owner.example; dkim=fail header.d=owner.example",
			loopback,
			"Authentication-Results: mx.owner.example; dkim=pass header.d=owner.example; dmarc=pass header.from=owner.example"),
			why: "dkim=fail"},
		{name: "stamp spread over adjacent fields", header: hdr(
			lmtpLocal,
			"Authentication-Results: mx.owner.example; x-csa=none; x-me-sender=none",
			"Authentication-Results: mx.owner.example; bimi=skipped (DMARC not enabled)",
			"Authentication-Results: mx.owner.example; arc=none (no signatures found)",
			"Authentication-Results: mx.owner.example; dkim=pass header.d=owner.example; spf=pass smtp.mailfrom=alex@owner.example",
			external),
			want: true, why: "dkim=pass for owner.example"},
		{name: "stamp with untrusted fields between", header: hdr(
			"Authentication-Results: bimi.owner.example; bimi=none",
			"Authentication-Results: mx.owner.example; dmarc=none header.from=owner.example",
			"X-Dmarc-Info: pass=none",
			"Authentication-Results: dkim.owner.example; dkim=pass header.d=owner.example"),
			trusted: []string{"mx.owner.example", "dkim.owner.example"}, want: true, why: "from dkim.owner.example"},
		{name: "a trusted server's field above another trusted server's", header: hdr(
			"Authentication-Results: mx2.owner.example; dmarc=fail header.from=owner.example",
			loopback,
			"Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example"),
			trusted: []string{"mx.owner.example", "mx2.owner.example"}, why: "from mx2.owner.example does not prove"},
		{name: "untrusted field above the trusted one", header: hdr(
			"Authentication-Results: mx.forwarder.example; dkim=fail header.d=owner.example",
			loopback,
			"Authentication-Results: mx.owner.example; dmarc=pass header.from=owner.example"),
			want: true, why: "dmarc=pass"},
		{name: "field names read in any case", header: hdr(
			"authentication-results: mx.owner.example; dkim=fail header.d=owner.example",
			"RECEIVED: from sender.example (sender.example [203.0.113.5]) by mx.owner.example",
			"Authentication-Results: mx.owner.example; dkim=pass header.d=owner.example"),
			why: "dkim=fail"},
		{name: "other fields are skipped", header: hdr(
			"ARC-Authentication-Results: i=1; mx.owner.example; dmarc=pass header.from=owner.example",
			"X-Received: by 2002:a05:6358:1234::1 with SMTP id x",
			"Authentication-Results: mx.owner.example; dmarc=fail header.from=owner.example"),
			why: "dmarc=fail"},
	})
}

// TestVerifiedSMTPAuth covers auth=pass (RFC 8601 section 2.7.4): it
// vouches for exactly the login's own address.
func TestVerifiedSMTPAuth(t *testing.T) {
	runVerify(t, []verifyCase{
		{name: "pass", header: ar("mx.owner.example; auth=pass smtp.auth=alex@owner.example"),
			want: true, why: "auth=pass for alex@owner.example in the Authentication-Results from mx.owner.example"},
		{name: "pass, other case", header: ar("MX.Owner.Example; auth=PASS (PLAIN) smtp.auth=Alex@OWNER.example"),
			from: "ALEX@owner.Example", want: true, why: "auth=pass for Alex@OWNER.example"},
		{name: "pass, quoted", header: ar(`mx.owner.example; auth=pass smtp.auth="alex@owner.example"`), want: true, why: "auth=pass"},
		{name: "pass after other results", header: ar("mx.owner.example; dkim=none; spf=fail smtp.mailfrom=mailer.example; auth=pass smtp.auth=alex@owner.example"),
			want: true, why: "auth=pass"},
		{name: "pass below an untrusted field", header: ar("mx.attacker.example; dkim=pass header.d=owner.example", "mx.owner.example; auth=pass smtp.auth=alex@owner.example"),
			from: " alex@owner.example ", want: true, why: "auth=pass"},
		{name: "another user of the domain", header: ar("mx.owner.example; auth=pass smtp.auth=mallory@owner.example"),
			why: "auth=pass is for mallory@owner.example, not alex@owner.example"},
		{name: "login without a domain", header: ar("mx.owner.example; auth=pass smtp.auth=alex"), why: "auth=pass is for alex,"},
		{name: "same name, other domain", header: ar("mx.owner.example; auth=pass smtp.auth=alex@mail.owner.example"), why: "auth=pass is for"},
		{name: "look-alike address", header: ar("mx.owner.example; auth=pass smtp.auth=alex@owner.example.evil"), why: "auth=pass is for"},
		{name: "Kelvin sign look-alike", header: ar("mx.owner.example; auth=pass smtp.auth=\u212alex@owner.example"),
			from: "klex@owner.example", why: "auth=pass is for"},
		{name: "untrusted server", header: ar("mx.attacker.example; auth=pass smtp.auth=alex@owner.example"), why: "only from mx.attacker.example"},
		{name: "failed", header: ar("mx.owner.example; auth=fail smtp.auth=alex@owner.example"), why: "auth=fail"},
		{name: "no smtp.auth", header: ar("mx.owner.example; auth=pass"), why: "auth=pass names no smtp.auth"},
		{name: "other property", header: ar("mx.owner.example; auth=pass smtp.mailfrom=alex@owner.example"), why: "names no smtp.auth"},
		{name: "forged inside a comment", header: ar("mx.owner.example; auth=fail (auth=pass smtp.auth=alex@owner.example) smtp.auth=alex@owner.example"), why: "auth=fail"},
		{name: "no domain in From", header: ar("mx.owner.example; auth=pass smtp.auth=alex"), from: "alex", why: "no domain"},
	})
}

func FuzzParse(f *testing.F) {
	f.Add("mx.example; dkim=pass (c) header.d=example.com; spf=fail smtp.mailfrom=\"a@b\"")
	f.Add("((((")
	f.Add("mx.example; auth=pass smtp.auth=A@Example.com")
	f.Add(`"q\"x; dkim = pass reason="a\\" header.d=x`)
	f.Fuzz(func(t *testing.T, v string) {
		f, ok := Parse(v)
		if !ok && (f.AuthServID != "" || len(f.Results) > 0) {
			t.Errorf("Parse(%q) = %+v, false", v, f)
		}
		Verified(ar(v), []string{"mx.example"}, "a@example.com")
	})
}
