package classify

import "github.com/rapport-mail/rapport/mail/authres"

// authHeader lists the Received and Authentication-Results fields of h in
// their order, for authres.Verified, which needs the Received fields to
// tell the fields the receiving side wrote from those a sender forged
// below them. The list ends at the last Authentication-Results field: the
// Received fields further down never change the decision.
func authHeader(h *header, cs string) []authres.HeaderField {
	last := -1
	for i, f := range h.fields {
		if f.key == "Authentication-Results" {
			last = i
		}
	}
	var out []authres.HeaderField
	for _, f := range h.fields[:last+1] {
		if f.key == "Received" || f.key == "Authentication-Results" {
			out = append(out, authres.HeaderField{Name: f.key, Value: cleanText(rawHeaderText(f.value, cs))})
		}
	}
	return out
}
