package digest

import (
	"context"
	"fmt"

	"github.com/rapport-mail/rapport/templates"
	"github.com/rapport-mail/rapport/workflow"
)

// maxRates is how many reply rates the digest shows; the others are
// summed in one more line.
const maxRates = 5

// rates are the reply rates of the requests by template and subject, the
// most sent first: a subject that went to two contacts or more on its
// own, so that the owner who changes a template's subject sees how each
// fared; the subjects that went to one contact each (those holding the
// contact's name) together.
func (b *builder) rates(ctx context.Context) ([]templates.DigestRate, error) {
	list, err := b.tx.RequestRates(ctx, []string{workflow.TemplateRequest, workflow.TemplateIntroReply}, 2)
	if err != nil {
		return nil, err
	}
	var out []templates.DigestRate
	var rest templates.DigestRate
	restOf := 0
	for _, r := range list {
		if len(out) == maxRates {
			rest.Sent += r.Sent
			rest.Replied += r.Replied
			restOf++
			continue
		}
		text := label(r.Template)
		switch {
		case r.Subject != "":
			text += ": “" + shorten(r.Subject, 80) + "”"
		case r.Subjects == 1:
			text += " (1 subject)"
		default:
			text += fmt.Sprintf(" (%d subjects, each to one contact)", r.Subjects)
		}
		out = append(out, templates.DigestRate{Label: text, Sent: r.Sent, Replied: r.Replied})
	}
	if restOf > 0 {
		rest.Label = fmt.Sprintf("%d more, together", restOf)
		out = append(out, rest)
	}
	return out, nil
}

// shorten cuts s to n characters, with "…" for what is left out.
func shorten(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
