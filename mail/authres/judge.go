package authres

import (
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// judge decides on the stamp: the results that prove the owner, in the
// order a reason is most useful in (DMARC speaks for the From domain
// itself, a login for the address itself).
func judge(s stamp, addr, domain string) (bool, string) {
	var notes []string
	dmarc, dmarcID := s.first("dmarc")
	for _, r := range dmarc {
		hf := strings.TrimSuffix(r.Props["header.from"], ".")
		switch {
		case r.Value != "pass":
			notes = append(notes, "dmarc="+r.Value)
		case ascii.EqualFold(hf, domain):
			return true, "dmarc=pass for " + domain + " in the Authentication-Results from " + dmarcID
		case hf == "":
			notes = append(notes, "dmarc=pass names no header.from")
		default:
			notes = append(notes, "dmarc=pass is for "+hf+", not "+domain)
		}
	}
	auth, authID := s.first("auth")
	for _, r := range auth {
		login := r.Props["smtp.auth"]
		switch {
		case r.Value != "pass":
			notes = append(notes, "auth="+r.Value)
		case ascii.EqualFold(login, addr):
			return true, "auth=pass for " + login + " in the Authentication-Results from " + authID
		case login == "":
			notes = append(notes, "auth=pass names no smtp.auth")
		default:
			notes = append(notes, "auth=pass is for "+login+", not "+addr)
		}
	}
	dkim, dkimID := s.first("dkim")
	fromOrg := orgDomain(strings.ToLower(domain))
	for _, r := range dkim {
		d := signingDomain(r)
		switch {
		case r.Value != "pass":
			notes = append(notes, "dkim="+r.Value)
		case d == "":
			notes = append(notes, "dkim=pass names no header.d")
		case orgDomain(d) == "":
			notes = append(notes, "header.d="+d+" is a public suffix")
		case fromOrg != "" && orgDomain(d) == fromOrg:
			return true, "dkim=pass for " + d + ", aligned with " + domain + ", in the Authentication-Results from " + dkimID
		default:
			notes = append(notes, "dkim=pass for "+d+" is not aligned with "+domain)
		}
	}
	if fromOrg == "" && len(dkim) > 0 {
		notes = append(notes, "the From domain "+domain+" has no organizational domain")
	}
	if spf, _ := s.first("spf"); len(spf) > 0 && spf[0].Value == "pass" {
		notes = append(notes, "spf=pass alone does not prove the owner")
	}
	head := "the topmost Authentication-Results from " + s.fields[0].AuthServID
	if len(notes) == 0 {
		return false, head + " reports no dmarc, dkim or auth result"
	}
	return false, head + " does not prove " + addr + ": " + strings.Join(notes, "; ")
}

// signingDomain is a DKIM result's header.d, or else the domain of its
// header.i ("@example.com"), lower-cased.
func signingDomain(r Result) string {
	d := r.Props["header.d"]
	if d == "" {
		if _, after, ok := strings.Cut(r.Props["header.i"], "@"); ok {
			d = after
		}
	}
	return strings.ToLower(strings.TrimSuffix(d, "."))
}
