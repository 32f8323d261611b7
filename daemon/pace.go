package daemon

import (
	"time"

	"github.com/rapport-mail/rapport/config"
)

// pacer decides when mail to contacts may leave: inside the send window,
// under the daily cap, and not sooner than the minimum gap (plus up to
// half of it again, so that sends do not fall at machine-regular
// intervals) after the previous one. Notices to the owner are not paced.
type pacer struct {
	window config.Window
	owner  *time.Location // the owner's zone: the window's and the day's for the cap
	cap    int
	gap    time.Duration
	jitter bool
}

func newPacer(w config.Window, owner *time.Location, cap int, gap time.Duration) *pacer {
	return &pacer{window: w, owner: owner, cap: cap, gap: gap, jitter: true}
}

// wait is the gap after a send at last. Its jitter is drawn from last
// itself, so that asking twice gives the same answer.
func (p *pacer) wait(last time.Time) time.Duration {
	if !p.jitter || p.gap < 2 {
		return p.gap
	}
	return p.gap + time.Duration(uint64(last.UnixNano())%uint64(p.gap/2))
}

// pacing is what the pacer knows of past sends.
type pacing struct {
	sentToday int       // mail to contacts sent since midnight in the owner's zone
	lastSent  time.Time // the latest send; zero when none
}

// earliest returns the first moment at or after now when a message to a
// contact in zone (nil when unknown: the owner's is used) may leave. The
// window is judged in the contact's zone when known, since it is their
// working day that matters, and the cap by the owner's day.
func (p *pacer) earliest(now time.Time, zone *time.Location, past pacing) time.Time {
	if zone == nil {
		zone = p.owner
	}
	at := now
	if !past.lastSent.IsZero() {
		if next := past.lastSent.Add(p.wait(past.lastSent)); next.After(at) {
			at = next
		}
	}
	if past.sentToday >= p.cap {
		y, m, d := now.In(p.owner).Date()
		at = laterOf(at, time.Date(y, m, d+1, 0, 0, 0, 0, p.owner))
	}
	return p.nextOpen(at, zone)
}

// nextOpen returns t when the window is open at t in zone, else the next
// opening. Each candidate day is built with time.Date in zone, so the
// opening stays at the same wall-clock time across daylight-saving
// changes. A window that never opens (no days) returns the zero time.
func (p *pacer) nextOpen(t time.Time, zone *time.Location) time.Time {
	local := t.In(zone)
	if p.window.Contains(local) {
		return t
	}
	y, m, d := local.Date()
	for i := range 8 {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, zone)
		if !p.window.Days[day.Weekday()] {
			continue
		}
		open := time.Date(y, m, d+i, p.window.Start/60, p.window.Start%60, 0, 0, zone)
		if open.After(t) {
			return open
		}
	}
	return time.Time{}
}

func laterOf(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
