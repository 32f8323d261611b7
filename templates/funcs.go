package templates

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"time"
)

// helpers are the functions the package documentation lists, besides
// text/template's built-ins. Each one returns an error rather than
// printing something wrong, so that a misused helper fails at Load.
var helpers = template.FuncMap{
	"default": defaultFunc,
	"date":    dateFunc,
	"join":    joinFunc,
	"quote":   quoteFunc,
}

// defaultFunc returns v, or def when v is empty: nil, the zero value of
// its type, or an empty slice or map.
func defaultFunc(def, v any) any {
	if isEmpty(v) {
		return def
	}
	return v
}

func isEmpty(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map, reflect.Array, reflect.String:
		return rv.Len() == 0
	}
	return rv.IsZero()
}

// dateFunc formats t with the Go layout. A zero time is an error: it
// comes from a field that was never set, and "Mon 1 Jan 0001" must not
// reach anyone.
func dateFunc(layout string, t time.Time) (string, error) {
	if t.IsZero() {
		return "", fmt.Errorf("date %q: the time is not set", layout)
	}
	return t.Format(layout), nil
}

// joinFunc joins the elements of a list, each formatted as with {{.}}.
func joinFunc(sep string, list any) (string, error) {
	switch l := list.(type) {
	case nil:
		return "", nil
	case []string:
		return strings.Join(l, sep), nil
	}
	rv := reflect.ValueOf(list)
	if k := rv.Kind(); k != reflect.Slice && k != reflect.Array {
		return "", fmt.Errorf("join: %T is not a list", list)
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = fmt.Sprint(rv.Index(i).Interface())
	}
	return strings.Join(parts, sep), nil
}

// quoteFunc quotes text as a mail reply does: "> " before each line, ">"
// before an empty one, no final newline. Empty text quotes to "".
func quoteFunc(text string) string {
	text = strings.TrimRight(normalizeNewlines(text), "\n")
	if text == "" {
		return ""
	}
	lines := strings.Split(text, "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			lines[i] = ">"
		} else {
			lines[i] = "> " + l
		}
	}
	return strings.Join(lines, "\n")
}

// normalizeNewlines turns CRLF and lone CR into LF.
func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
}
