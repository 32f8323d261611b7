package command

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// addKeys are the fields add accepts after the address.
var addKeys = []string{"company", "role", "field", "note", "tz", "source"}

const addHint = "write add Ana Ruiz <ana@example.com> company: Initech role: Controls Engineer (keys: company, role, field, note, tz, source)"

const viaHint = "write via and the #id of the contact who suggested them right after the address: add Ana Ruiz <ana@example.com> via #9"

// keyToken matches a token that starts a field: "company:" or
// "company:Initech".
var keyToken = regexp.MustCompile(`^(?i)([a-z][a-z_-]{0,20}):(.*)$`)

// parseAdd reads "NAME <EMAIL> [via WHO] [key: value …]" or "NAME EMAIL …". broken
// says the line held a line break of its own, which add refuses: name and
// address go into mail headers.
func parseAdd(args []string, broken bool) (Command, string, string) {
	c := Command{Verb: VerbAdd}
	if broken {
		return c, "the line holds a line break (CR, NEL or U+2028) inside it: refused, as it could add a header to a mail",
			"write the whole add on one plain line"
	}
	rest := strings.Join(args, " ")
	var name, email, tail string
	if i := strings.IndexByte(rest, '<'); i >= 0 {
		j := strings.IndexByte(rest[i:], '>')
		if j < 0 {
			return c, "the address has no closing >", addHint
		}
		name, email, tail = rest[:i], strings.TrimSpace(rest[i+1:i+j]), rest[i+j+1:]
	} else {
		at := -1
		for k, w := range args {
			if strings.Contains(w, "@") {
				at = k
				break
			}
		}
		if at < 0 {
			return c, "add needs a name and an email address", addHint
		}
		name = strings.Join(args[:at], " ")
		email = strings.TrimRight(args[at], ",;")
		tail = strings.Join(args[at+1:], " ")
	}
	name = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(name), ",;"))
	if name == "" {
		return c, "add needs the contact's name before the address", addHint
	}
	if msg := checkName(name); msg != "" {
		return c, msg, addHint
	}
	if msg := checkEmail(email); msg != "" {
		return c, msg, addHint
	}
	toks := strings.Fields(strings.TrimLeft(strings.TrimSpace(tail), ",; "))
	via, toks, msg := parseVia(toks)
	if msg != "" {
		return c, msg, viaHint
	}
	fields, msg := parseFields(toks)
	if msg != "" {
		return c, msg, addHint
	}
	c.Name, c.Email, c.Fields, c.Via = name, email, fields, via
	return c, "", ""
}

// parseVia reads "via WHO" at the start of toks: the contact who suggested
// the person added, by #id or email address (a name could not be told from
// the fields after it). It returns the tokens after it; a zero Who and
// toks as they were when toks does not start with via.
func parseVia(toks []string) (Who, []string, string) {
	if len(toks) == 0 || !strings.EqualFold(toks[0], "via") {
		return Who{}, toks, ""
	}
	if len(toks) == 1 || keyToken.MatchString(toks[1]) && !strings.Contains(toks[1], "@") {
		return Who{}, nil, "via whom?"
	}
	w := strings.TrimRight(toks[1], ",;")
	if !strings.HasPrefix(w, "#") && !strings.Contains(w, "@") {
		return Who{}, nil, "via takes the #id or the email address of a contact, not " + quote(shorten(w, 30))
	}
	who, msg := parseWho([]string{w})
	if msg != "" {
		return Who{}, nil, "via: " + msg
	}
	return who, toks[2:], ""
}

// parseFields reads "key: value …" pairs. A value runs to the next known
// key; within the note, anything goes, elsewhere a "word:" that is no key
// is an error (a misspelt or unknown key would otherwise end up in the
// value).
func parseFields(toks []string) (map[string]string, string) {
	if len(toks) == 0 {
		return nil, ""
	}
	fields := map[string]string{}
	key := ""
	var value []string
	flush := func() string {
		if key == "" {
			return ""
		}
		v := strings.TrimRight(strings.Join(value, " "), ",; ")
		if v == "" {
			return key + " has no value"
		}
		if key != "note" && utf8.RuneCountInString(v) > 200 {
			return key + " is longer than 200 characters"
		}
		if key == "tz" {
			loc, msg := loadZone(v)
			if msg != "" {
				return msg
			}
			v = loc.String()
		}
		fields[key] = v
		return ""
	}
	for _, tok := range toks {
		m := keyToken.FindStringSubmatch(tok)
		if m != nil && !strings.HasPrefix(m[2], "//") {
			k := strings.ToLower(m[1])
			known := false
			for _, a := range addKeys {
				known = known || a == k
			}
			switch {
			case known:
				if msg := flush(); msg != "" {
					return nil, msg
				}
				if _, dup := fields[k]; dup {
					return nil, k + " is given twice"
				}
				key, value = k, nil
				if m[2] != "" {
					value = append(value, m[2])
				}
				continue
			case key != "note" && m[2] == "":
				return nil, "unknown key " + quote(shorten(k, 20))
			}
		}
		if key == "" {
			return nil, "unexpected " + quote(shorten(tok, 30)) + " after the address"
		}
		value = append(value, tok)
	}
	if msg := flush(); msg != "" {
		return nil, msg
	}
	return fields, ""
}
