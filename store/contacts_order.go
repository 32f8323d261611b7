package store

import (
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"unicode"

	"github.com/rapport-mail/rapport/workflow"

	"golang.org/x/text/unicode/norm"
	"modernc.org/sqlite"
)

// foldFunc is the SQL name of FoldName, for ORDER BY.
const foldFunc = "rapport_fold"

func init() {
	// Every connection the driver opens from now on knows it.
	err := sqlite.RegisterDeterministicScalarFunction(foldFunc, 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			switch v := args[0].(type) {
			case string:
				return FoldName(v), nil
			case []byte:
				return FoldName(string(v)), nil
			}
			return "", nil
		})
	if err != nil {
		panic(err) // only if registered twice: a programming error
	}
}

// FoldName is name as it sorts: lower case, without accents, so that
// "Zoë Ångström" sorts as "zoe angstrom", after "Sam Lee" and before
// "Zora". A full collation (x/text/collate) would weigh a megabyte of
// tables for the same order in nearly every name.
func FoldName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(name) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// listWhere returns the WHERE clause (with its leading keyword, or "")
// and arguments that select the contacts opts filters.
func listWhere(opts ListOptions) (string, []any) {
	var where []string
	var args []any
	if opts.Status != "" {
		where = append(where, "status = :status")
		args = append(args, sql.Named("status", string(opts.Status)))
	}
	if opts.Stage != "" {
		var in []string
		for i, s := range workflow.Statuses() {
			if s.Stage() == opts.Stage {
				name := fmt.Sprintf("st%d", i)
				in = append(in, ":"+name)
				args = append(args, sql.Named(name, string(s)))
			}
		}
		where = append(where, "status IN ("+strings.Join(in, ", ")+")")
	}
	if opts.Tag != "" {
		where = append(where, "id IN (SELECT contact_id FROM contact_tags WHERE tag = :tag)")
		args = append(args, sql.Named("tag", normalizeTag(opts.Tag)))
	}
	if len(where) == 0 {
		return "", args
	}
	return "WHERE " + strings.Join(where, " AND "), args
}

// orderBy returns the ORDER BY clause of o. A status not in
// workflow.Statuses ranks first, as 0.
func orderBy(o ListOrder) (string, error) {
	switch o {
	case ByID:
		return "ORDER BY id", nil
	case ByName:
		return "ORDER BY " + foldFunc + "(name), id", nil
	case ByStatus:
		var b strings.Builder
		b.WriteString("ORDER BY CASE status")
		for i, s := range workflow.Statuses() {
			// Status names are fixed words of package workflow.
			fmt.Fprintf(&b, " WHEN '%s' THEN %d", strings.ReplaceAll(string(s), "'", "''"), i)
		}
		b.WriteString(" ELSE 0 END, id")
		return b.String(), nil
	case ByAdded:
		return "ORDER BY created_at DESC, id", nil
	}
	return "", fmt.Errorf("list contacts: unknown order %d", o)
}
