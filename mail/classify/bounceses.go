package classify

import (
	"encoding/json"
	"regexp"
	"strings"
)

// sesBounce reads an Amazon SES bounce delivered as an SNS notification
// (a JSON body with "notificationType": "Bounce", bare or as a string in
// the SNS envelope). The JSON is read with patterns, not decoded: it is
// often cut or broken.
func (p *parsed) sesBounce() *Bounce {
	if p.headerOnly {
		return nil
	}
	text := p.bounceText()
	if !strings.Contains(text, "Bounce") {
		return nil
	}
	// Long lines come folded as "!" + line break + space, inside the
	// JSON strings too: unfold them.
	text = strings.ReplaceAll(strings.ReplaceAll(text, "!\r\n ", ""), "!\n ", "")
	if !sesBounceType.MatchString(text) {
		// SNS wraps the SES event as a JSON string in its own envelope
		// ("Message" : "{\"notificationType\":\"Bounce\", …}").
		text = strings.ReplaceAll(text, `\"`, `"`)
		if !sesBounceType.MatchString(text) {
			return nil
		}
	}
	list := sesRecipients.FindStringSubmatch(text)
	if list == nil {
		return nil
	}
	b := &Bounce{}
	for _, r := range sesObject.FindAllString(list[1], -1) {
		b.Recipients = mergeAddrs(b.Recipients, []string{jsonField(r, "emailAddress")})
		if b.Status == "" {
			b.Action, b.Status = strings.ToLower(jsonField(r, "action")), jsonField(r, "status")
			b.Diagnostic = dsnDiagnostic(jsonField(r, "diagnosticCode"))
		}
	}
	if len(b.Recipients) == 0 {
		return nil
	}
	if b.Action == "" {
		b.Action = "failed"
	}
	if sm := sesKind.FindStringSubmatch(text); sm != nil {
		b.Permanent = strings.EqualFold(sm[1], "Permanent")
	} else {
		b.Permanent = b.Action == "failed" && strings.HasPrefix(b.Status, "5")
	}
	b.Delayed = b.Action == "delayed"
	if sm := sesMessageID.FindStringSubmatch(text); sm != nil {
		if ids := parseMessageIDs(sm[1]); len(ids) > 0 {
			b.OriginalMessageID = ids[0]
		}
	}
	return b
}

var (
	sesBounceType = regexp.MustCompile(`"(?:notificationType|eventType)"\s*:\s*"Bounce"`)
	sesRecipients = regexp.MustCompile(`"bouncedRecipients"\s*:\s*\[([^\]]*)\]`)
	sesObject     = regexp.MustCompile(`\{[^{}]*\}`)
	sesKind       = regexp.MustCompile(`"bounceType"\s*:\s*"(\w+)"`)
	sesMessageID  = regexp.MustCompile(`"commonHeaders"\s*:\s*\{[^}]*"messageId"\s*:\s*"([^"]+)"`)
)

// jsonField returns the string value of "name":"value" in a flat JSON object.
func jsonField(obj, name string) string {
	for _, m := range jsonString.FindAllStringSubmatch(obj, -1) {
		if m[1] != name {
			continue
		}
		var v string
		if err := json.Unmarshal([]byte(`"`+m[2]+`"`), &v); err == nil {
			return v
		}
		return m[2]
	}
	return ""
}

var jsonString = regexp.MustCompile(`"(\w+)"\s*:\s*"((?:[^"\\]|\\.)*)"`)
