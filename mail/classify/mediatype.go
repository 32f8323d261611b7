package classify

import (
	"mime"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"
)

// parseMediaType reads a Content-Type or Content-Disposition value. It
// tries the standard parser (which handles RFC 2231) and falls back to a
// forgiving one for what real mailers write: unquoted spaces and specials,
// duplicate parameters (the first wins), a missing subtype. The type is
// lower-case; parameter names are lower-case; values are decoded to UTF-8.
func parseMediaType(v, fallbackCharset string) (typ string, params map[string]string) {
	typ, params, err := mime.ParseMediaType(v)
	if err != nil || params == nil {
		typ, params = parseMediaTypeLoose(v)
	}
	typ = strings.ToLower(strings.TrimSpace(typ))
	for k, val := range params {
		if strings.Contains(val, "=?") || !utf8.ValidString(val) {
			params[k] = decodeHeaderText(val, fallbackCharset)
		}
	}
	return typ, params
}

// parseMediaTypeLoose is the forgiving fallback of parseMediaType.
func parseMediaTypeLoose(v string) (string, map[string]string) {
	items := splitParams(v)
	params := map[string]string{}
	if len(items) == 0 {
		return "", params
	}
	typ := strings.ToLower(strings.TrimSpace(items[0]))
	if i := strings.IndexAny(typ, " \t"); i >= 0 {
		typ = typ[:i]
	}
	type piece struct {
		n       int
		value   string
		encoded bool
	}
	continued := map[string][]piece{}
	for _, it := range items[1:] {
		k, val, ok := strings.Cut(it, "=")
		if !ok {
			continue
		}
		k = strings.ToLower(strings.TrimSpace(k))
		val = unquote(strings.TrimSpace(val))
		if k == "" {
			continue
		}
		// RFC 2231: name*=charset'lang'%XX, name*0=…, name*1*=…
		if base, rest, star := strings.Cut(k, "*"); star {
			encoded := strings.HasSuffix(rest, "*") || rest == ""
			n, _ := strconv.Atoi(strings.TrimSuffix(rest, "*"))
			continued[base] = append(continued[base], piece{n, val, encoded})
			continue
		}
		if _, dup := params[k]; !dup {
			params[k] = val
		}
	}
	for base, pieces := range continued {
		sort.SliceStable(pieces, func(i, j int) bool { return pieces[i].n < pieces[j].n })
		var raw strings.Builder
		cs := ""
		for i, p := range pieces {
			val := p.value
			if p.encoded {
				if i == 0 {
					if parts := strings.SplitN(val, "'", 3); len(parts) == 3 {
						cs, val = parts[0], parts[2]
					}
				}
				if u, err := url.PathUnescape(val); err == nil {
					val = u
				}
			}
			raw.WriteString(val)
		}
		if _, dup := params[base]; !dup {
			params[base] = toUTF8([]byte(raw.String()), cs)
		}
	}
	return typ, params
}

// splitParams splits on semicolons outside double quotes.
func splitParams(v string) []string {
	var out []string
	var cur strings.Builder
	inQuote := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == '\\' && inQuote && i+1 < len(v):
			cur.WriteByte(c)
			cur.WriteByte(v[i+1])
			i++
		case c == '"':
			inQuote = !inQuote
			cur.WriteByte(c)
		case c == ';' && !inQuote:
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(c)
		}
	}
	if s := cur.String(); strings.TrimSpace(s) != "" || len(out) > 0 {
		out = append(out, s)
	}
	return out
}

func unquote(s string) string {
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
		return strings.ReplaceAll(strings.ReplaceAll(s, `\"`, `"`), `\\`, `\`)
	}
	return strings.Trim(s, `"`)
}
