package main

import "testing"

// rapport add --introduced-by records what a mail's add … via does: the
// new contact's introducer, and in the introducer's timeline whom they
// introduced.
func TestAddIntroducedByWritesTheReferral(t *testing.T) {
	e := newEnv(t)
	e.ok("add", "--name", "Jane Doe", "--email", "jane@acme.example")
	e.ok("add", "--name", "Maria López", "--email", "maria@acme.example", "--introduced-by", "#1")
	wantContains(t, "show maria", e.ok("show", "maria"), "Introduced by:  #1 Jane Doe")
	wantContains(t, "show jane", e.ok("show", "jane"), "Introduced:  #2 Maria López", "referral added", "introduced Maria López")
}
