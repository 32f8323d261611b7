package classify

import (
	"net/url"
	"regexp"
	"slices"
	"strings"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// schedulingHosts are the booking pages of scheduling services, the one
// list rapport keeps of them: a host (and its subdomains) and, when the
// host serves more than booking pages, the path prefix of those pages. A
// link to one of them in a contact's answer means "pick a time here".
var schedulingHosts = []struct{ host, path string }{
	{"calendly.com", ""},
	{"cal.com", ""},
	{"calendar.app.google", ""},                       // Google appointment schedules' short links
	{"calendar.google.com", "/calendar/appointments"}, // and their long form
	{"outlook.office365.com", "/book/"},               // Microsoft Bookings
	{"outlook.office.com", "/book/"},
	{"outlook.office.com", "/bookwithme/"},
	{"outlook.office365.com", "/owa/calendar/"}, // Bookings pages published from a mailbox
	{"savvycal.com", ""},
	{"tidycal.com", ""},
	{"zcal.co", ""},
	{"meetings.hubspot.com", ""},
	{"youcanbook.me", ""},
	{"acuityscheduling.com", ""},
}

// managePaths are pages of those hosts that manage a booking already
// made (Calendly's and Cal.com's links to view, cancel or reschedule one,
// a Cal.com video room): no page to book on, though a service's own
// confirmation is full of them.
var managePaths = []struct{ host, path string }{
	{"calendly.com", "/scheduled_events"},
	{"calendly.com", "/cancellations"},
	{"calendly.com", "/reschedulings"},
	{"calendly.com", "/app/"},
	{"cal.com", "/booking/"},
	{"cal.com", "/video/"},
	{"cal.com", "/reschedule/"},
}

// schedulingSenders are the domains scheduling services send their
// confirmations from (Calendly, Cal.com's hosted service).
var schedulingSenders = []struct{ domain, service string }{
	{"calendly.com", "Calendly"},
	{"cal.com", "Cal.com"},
}

// googleCalendarSender is the address Google Calendar sends invitations
// from for appointment schedules and events alike.
const googleCalendarSender = "calendar-notification@google.com"

// maxLinks bounds the booking links read from one message.
const maxLinks = 3

// SchedulingLinks returns the booking-page links (see schedulingHosts) in
// text, in their order, at most three, without the quoted part of a reply
// (lines after "On … wrote:" or an Outlook "Original Message" line, and
// lines starting with ">"), so that the owner's own link quoted back is
// not taken for theirs. A link written without its scheme gets https://.
// Each is one token of printable characters, never fetched.
func SchedulingLinks(text string) []string {
	var out []string
	for line := range strings.Lines(text) {
		l := strings.TrimSpace(line)
		if quoteStart.MatchString(l) {
			break
		}
		if strings.HasPrefix(l, ">") {
			continue
		}
		for _, tok := range strings.FieldsFunc(l, linkSeparator) {
			link, ok := schedulingLink(tok)
			if ok && !slices.Contains(out, link) {
				out = append(out, link)
				if len(out) == maxLinks {
					return out
				}
			}
		}
	}
	return out
}

var quoteStart = regexp.MustCompile(`(?i)^(?:on .{1,200} wrote:|-{2,} ?original message ?-{2,}|le .{1,200} a écrit ?:|am .{1,200} schrieb .{1,200}:)$`)

// linkSeparator splits tokens at spaces and the marks that enclose links
// in prose and in HTML turned into text.
func linkSeparator(r rune) bool {
	switch r {
	case ' ', '\t', '<', '>', '"', '\'', '(', ')', '[', ']', '{', '}', '|', '`':
		return true
	}
	return r < 0x20 || r == 0x7f
}

// schedulingLink reads one token as a link to a booking page.
func schedulingLink(tok string) (string, bool) {
	tok = strings.TrimRight(tok, ".,;:!?*")
	if len(tok) > 300 {
		return "", false
	}
	lower := ascii.Lower(tok)
	switch {
	case strings.HasPrefix(lower, "https://"), strings.HasPrefix(lower, "http://"):
	case strings.Contains(tok, "://") || strings.Contains(tok, "@"):
		return "", false
	default:
		tok = "https://" + tok
	}
	u, err := url.Parse(tok)
	if err != nil || u.Host == "" || u.User != nil {
		return "", false
	}
	host := strings.TrimPrefix(ascii.Lower(u.Hostname()), "www.")
	path := u.EscapedPath()
	if path == "" || path == "/" {
		return "", false // a service's home page books nobody
	}
	lowerPath := ascii.Lower(path)
	on := func(h, prefix string) bool {
		return (host == h || strings.HasSuffix(host, "."+h)) && strings.HasPrefix(lowerPath, prefix)
	}
	for _, s := range managePaths {
		if on(s.host, s.path) {
			return "", false
		}
	}
	for _, s := range schedulingHosts {
		if on(s.host, s.path) {
			return tok, true
		}
	}
	return "", false
}
