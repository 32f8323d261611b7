package workflow

import (
	"fmt"
	"strings"
	"time"
)

// Tier says how often the owner wants to keep in touch with a contact
// once thanked: A most often, D once a year. The zero Tier is no tier:
// Policy.KeepInTouchAfter applies. The string values are stored in the
// database and must not change.
type Tier string

// The tiers, most frequent first.
const (
	TierNone Tier = ""
	TierA    Tier = "A"
	TierB    Tier = "B"
	TierC    Tier = "C"
	TierD    Tier = "D"
)

// Tiers lists every tier, most frequent first (TierNone excluded).
func Tiers() []Tier { return []Tier{TierA, TierB, TierC, TierD} }

// DefaultTierEvery is the default wait between keep-in-touch notes per
// tier: three weeks, two months, six months, a year.
func DefaultTierEvery() map[Tier]time.Duration {
	const day = 24 * time.Hour
	return map[Tier]time.Duration{TierA: 21 * day, TierB: 61 * day, TierC: 182 * day, TierD: 365 * day}
}

// Valid reports whether t is a known tier or no tier.
func (t Tier) Valid() bool {
	switch t {
	case TierNone, TierA, TierB, TierC, TierD:
		return true
	}
	return false
}

// Label returns t for humans: "A", or "none" for no tier.
func (t Tier) Label() string {
	if t == TierNone {
		return "none"
	}
	return string(t)
}

// ParseTier reads a tier as the owner types it: a letter A to D in either
// case, or "none" (or "-") for no tier.
func ParseTier(s string) (Tier, error) {
	norm := strings.ToUpper(strings.TrimSpace(s))
	switch norm {
	case "NONE", "-":
		return TierNone, nil
	case "":
		return TierNone, fmt.Errorf("no tier given (use A, B, C, D or none)")
	}
	if t := Tier(norm); t.Valid() {
		return t, nil
	}
	return TierNone, fmt.Errorf("unknown tier %q (use A, B, C, D or none)", s)
}

// KeepInTouchEvery returns how long after an interaction with a contact
// of tier t the next keep-in-touch note is due: the tier's own wait when
// the policy has one, else KeepInTouchAfter.
func (p Policy) KeepInTouchEvery(t Tier) time.Duration {
	if d, ok := p.KeepInTouchTiers[t]; ok && d > 0 && t != TierNone {
		return d
	}
	return p.KeepInTouchAfter
}

// keepInTouchFrom plans the next keep-in-touch note counted from an
// interaction at t.now (a reply, mail either way, a note sent) for a
// contact who is thanked or keeping in touch, and withdraws a note
// drafted before it, now premature. A timer already set later stays:
// mail read late (an old copy, a crash's replay) must never bring the
// next note forward. Other statuses are left alone: before the thank-you
// there is no keeping in touch to restart.
func (t *transition) keepInTouchFrom(withdraw bool) {
	if !t.is(StatusThanked, StatusKeepingInTouch) {
		return
	}
	at := t.now.Add(t.p.KeepInTouchEvery(t.next.Tier))
	if cur, ok := t.next.Timers[TimerKeepInTouch]; ok && !cur.Before(at) {
		return
	}
	if withdraw {
		t.cancelDrafts(TemplateKeepInTouch)
	}
	t.setTimer(TimerKeepInTouch, at)
}

// tierSet records the contact's tier in every status. A pending
// keep-in-touch timer is planned again as if the new tier had held since
// the interaction it counts from: that interaction is the timer's time
// less the old tier's wait. A note that would then be overdue is due now.
func (t *transition) tierSet() string {
	if !t.ev.Tier.Valid() {
		return fmt.Sprintf("unknown tier %q", string(t.ev.Tier))
	}
	old := t.next.Tier
	if old == t.ev.Tier {
		return fmt.Sprintf("already tier %s", old.Label())
	}
	t.next.Tier = t.ev.Tier
	at, ok := t.next.Timers[TimerKeepInTouch]
	if !ok || !t.is(StatusThanked, StatusKeepingInTouch) {
		return ""
	}
	since := at.Add(-t.p.KeepInTouchEvery(old))
	next := since.Add(t.p.KeepInTouchEvery(t.ev.Tier))
	if next.Before(t.now) {
		next = t.now
	}
	t.setTimer(TimerKeepInTouch, next)
	return ""
}
