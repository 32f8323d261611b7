package config

import (
	"encoding"
	"reflect"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"

	"github.com/rapport-mail/rapport/internal/typo"
)

// field is a key Config accepts.
type field struct {
	key string // dotted: "imap.host"
	typ reflect.Type
}

// configKeys returns every non-table key Config accepts, in declaration
// order, and for each table ("" for the root) the names of its direct
// children. Embedded structs contribute their keys to the table that embeds
// them, as go-toml decodes them.
func configKeys() (leaves []field, children map[string][]string) {
	children = map[string][]string{}
	var walk func(t reflect.Type, prefix string)
	walk = func(t reflect.Type, prefix string) {
		for i := range t.NumField() {
			f := t.Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("toml"), ",")
			switch {
			case name == "-":
				continue
			case f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct:
				walk(f.Type, prefix)
				continue
			case !f.IsExported():
				continue
			case name == "":
				name = strings.ToLower(f.Name)
			}
			key := name
			if prefix != "" {
				key = prefix + "." + name
			}
			children[prefix] = append(children[prefix], name)
			if isTable(f.Type) {
				walk(f.Type, key)
			} else {
				leaves = append(leaves, field{key, f.Type})
			}
		}
	}
	walk(reflect.TypeFor[Config](), "")
	return leaves, children
}

// isTable reports whether values of t are written as TOML tables.
func isTable(t reflect.Type) bool {
	textual := reflect.PointerTo(t).Implements(reflect.TypeFor[encoding.TextUnmarshaler]())
	return t.Kind() == reflect.Struct && !textual
}

// keyPos is where a key is written (1-based line and column) and the kind
// of value written there (unstable.Table for a table header or a prefix of
// a dotted key).
type keyPos struct {
	line, col int
	kind      unstable.Kind
}

// keyIndex maps each key written in doc, dotted and lower-cased
// ("workflow.send_window.days"), to where it is first written. Table
// headers and the prefixes of dotted keys count as keys too. It indexes
// what it can before a syntax error.
func keyIndex(doc []byte) map[string]keyPos {
	lines := map[string]keyPos{}
	var p unstable.Parser
	p.Reset(doc)
	var table []string
	for p.NextExpression() {
		n := p.Expression()
		switch n.Kind {
		case unstable.Table, unstable.ArrayTable:
			table = indexKey(&p, lines, nil, n, unstable.Table)
		case unstable.KeyValue:
			indexKeyValue(&p, lines, table, n)
		}
	}
	return lines
}

// indexKeyValue records the key of the key-value n under prefix, and the
// keys of an inline table it holds.
func indexKeyValue(p *unstable.Parser, lines map[string]keyPos, prefix []string, n *unstable.Node) {
	v := n.Value()
	key := indexKey(p, lines, prefix, n, v.Kind)
	if v.Kind != unstable.InlineTable {
		return
	}
	it := v.Children()
	for it.Next() {
		if kv := it.Node(); kv.Kind == unstable.KeyValue {
			indexKeyValue(p, lines, key, kv)
		}
	}
}

// indexKey records the (possibly dotted) key of the table or key-value n,
// and each of its prefixes, under prefix; kind is the kind of n's value. It
// returns the full key. All parts are recorded at the position of the first,
// where go-toml reports errors about the key.
func indexKey(p *unstable.Parser, lines map[string]keyPos, prefix []string, n *unstable.Node, kind unstable.Kind) []string {
	key := append([]string(nil), prefix...)
	var start unstable.Position
	it := n.Key()
	for first := true; it.Next(); first = false {
		k := it.Node()
		if first {
			start = p.Shape(k.Raw).Start
		}
		key = append(key, strings.ToLower(string(k.Data)))
		dotted := strings.Join(key, ".")
		if _, seen := lines[dotted]; !seen {
			pos := keyPos{start.Line, start.Column, unstable.Table}
			if it.IsLast() {
				pos.kind = kind
			}
			lines[dotted] = pos
		}
	}
	return key
}

// lineOf returns the line where key, or failing that its nearest written
// parent table, is written in c's file; 0 when neither is.
func (c *Config) lineOf(key string) int {
	for key != "" {
		if pos, ok := c.keys[key]; ok {
			return pos.line
		}
		i := strings.LastIndexByte(key, '.')
		if i < 0 {
			break
		}
		key = key[:i]
	}
	return 0
}

// keyAt returns the key written at line and col in index whose last part
// is leaf, or nil.
func keyAt(index map[string]keyPos, line, col int, leaf string) []string {
	for key, pos := range index {
		parts := strings.Split(key, ".")
		if pos.line == line && pos.col == col && parts[len(parts)-1] == strings.ToLower(leaf) {
			return parts
		}
	}
	return nil
}

// suggest returns a known key close to the unknown key: a sibling within a
// small edit distance (as a bare name, "host"), or else the full name of a
// key of the same name in another table ("workflow.send_mode"); "" when
// there is none.
func suggest(unknown []string) string {
	if len(unknown) == 0 {
		return ""
	}
	leaves, children := configKeys()
	parent := strings.ToLower(strings.Join(unknown[:len(unknown)-1], "."))
	leaf := strings.ToLower(unknown[len(unknown)-1])
	best, bestDist := "", 3
	for _, name := range children[parent] {
		if d := typo.Distance(leaf, name); d < bestDist && d < len(leaf) {
			best, bestDist = name, d
		}
	}
	if best != "" {
		return best
	}
	for _, f := range leaves {
		if strings.HasSuffix(f.key, "."+leaf) {
			return f.key
		}
	}
	return ""
}
