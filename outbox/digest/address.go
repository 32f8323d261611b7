package digest

import (
	"strings"

	"github.com/rapport-mail/rapport/config"
)

// CommandAddress says where a command tapped in the digest goes (see
// templates.DigestInfo.CommandTo): the first of commands.addresses, with
// no tag; else, when commands carry the subject tag, the owner's own
// first address with the tag, for rapport reads tagged mail there; else
// nowhere (""), and the digest shows the lines to write instead.
func CommandAddress(c *config.Config) (to, tag string) {
	if c == nil {
		return "", ""
	}
	for _, a := range c.Commands.Addresses {
		if a = strings.TrimSpace(a); a != "" {
			return a, ""
		}
	}
	if c.Commands.SubjectTag != "" {
		for _, a := range c.Owner.Addresses {
			if a = strings.TrimSpace(a); a != "" {
				return a, c.Commands.SubjectTag
			}
		}
	}
	return "", ""
}
