package calendar

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/emersion/go-ical"

	"github.com/rapport-mail/rapport/internal/ascii"
)

// conferenceProps are the properties in which calendar programs put the
// link to join an online meeting, most specific first.
var conferenceProps = [...]string{
	"X-GOOGLE-CONFERENCE",
	"X-MICROSOFT-SKYPETEAMSMEETINGURL",
	"X-MICROSOFT-ONLINEMEETINGEXTERNALLINK",
	"X-MICROSOFT-ONLINEMEETINGCONFLINK",
	"CONFERENCE", // RFC 7986
}

// meetingHosts are the hosts (and their subdomains) of online meeting
// services; a link to one of them in LOCATION or DESCRIPTION is taken
// for the meeting link.
var meetingHosts = [...]string{
	"zoom.us", "zoomgov.com", "meet.google.com", "teams.microsoft.com",
	"teams.live.com", "webex.com", "whereby.com", "meet.jit.si",
	"gotomeeting.com", "meet.goto.com", "bluejeans.com", "chime.aws",
	"join.skype.com", "facetime.apple.com", "around.co", "meet.lync.com",
}

// linkRE matches a web link in free text; trailing punctuation is removed
// by links.
var linkRE = regexp.MustCompile(`(?i)https?://[^\s<>"'\\]+`)

// meetingURL returns the link to the event: its URL property when that is
// a web link, else the first https link in a conference property
// (X-GOOGLE-CONFERENCE, X-MICROSOFT-SKYPETEAMSMEETINGURL, …, CONFERENCE),
// else the first link to a meeting service (Zoom, Meet, Teams, Webex, …)
// in LOCATION then DESCRIPTION, else the first https link in LOCATION.
// Other links in DESCRIPTION are not taken: they are as often a help page
// or a calendar view as the meeting. It returns "" when none is found.
func meetingURL(comp *ical.Component) string {
	if u := text(comp, "URL"); isWebLink(u) {
		return u
	}
	for _, name := range conferenceProps {
		for _, p := range comp.Props.Values(name) {
			for _, l := range links(unescape(p.Value)) {
				if strings.HasPrefix(strings.ToLower(l), "https://") {
					return l
				}
			}
		}
	}
	location, description := text(comp, "LOCATION"), text(comp, "DESCRIPTION")
	for _, s := range [...]string{location, description} {
		for _, l := range links(s) {
			if isMeetingLink(l) {
				return l
			}
		}
	}
	for _, l := range links(location) {
		if strings.HasPrefix(strings.ToLower(l), "https://") {
			return l
		}
	}
	return ""
}

// links returns the web links in s, in order, without the punctuation that
// ends a sentence or closes a bracket around them.
func links(s string) []string {
	found := linkRE.FindAllString(s, -1)
	for i, l := range found {
		found[i] = strings.TrimRight(l, ".,;:!?)]}>*")
	}
	return found
}

// isWebLink reports whether s is an absolute http or https URL with a host.
func isWebLink(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

// isMeetingLink reports whether l is an https link to a meeting service.
func isMeetingLink(l string) bool {
	u, err := url.Parse(l)
	if err != nil || !strings.EqualFold(u.Scheme, "https") {
		return false
	}
	host := ascii.Lower(u.Hostname())
	for _, h := range meetingHosts {
		if host == h || strings.HasSuffix(host, "."+h) {
			return true
		}
	}
	return false
}
