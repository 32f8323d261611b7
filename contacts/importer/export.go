package importer

import (
	"slices"
	"strings"
)

// exportColumns are the columns of rapport's CSV export, in order.
var exportColumns = []string{"id", "name", "email", "company", "role", "field", "source", "url",
	"introduced by", "time zone", "tags", "status", "stage", "next action", "next action at", "notes", "created at"}

// ExportColumns returns the header of rapport's own CSV export
// (contacts.WriteCSV writes it). Every name is one the importer recognises
// or, for what rapport did (id, status, stage, next action, created at),
// ignores; a file with exactly this header is FormatRapport, and its cells
// are read back as Neutralize wrote them.
func ExportColumns() []string { return slices.Clone(exportColumns) }

// Neutralize returns cell as rapport's export writes it: a cell a
// spreadsheet would read as a formula, one that starts with '=', '+', '-',
// '@', a tab or a carriage return, gets a single quote in front, so that
// the spreadsheet shows it as text and never evaluates it (OWASP's rule
// against CSV injection). Names and subjects come from mail headers that
// anyone can write, so no cell is trusted. A cell whose own leading quotes
// are followed by one of those characters gets one more, so that reading
// a FormatRapport file, which takes one off, gives it back as it was.
// Other cells are returned as they are.
func Neutralize(cell string) string {
	if quotedFormula(cell) {
		return "'" + cell
	}
	return cell
}

// restore undoes Neutralize: it takes one quote off a cell that starts with
// quotes followed by a character that starts a formula. Any other leading
// quote is the text's own and stays.
func restore(cell string) string {
	if cell != "" && cell[0] == '\'' && quotedFormula(cell) {
		return cell[1:]
	}
	return cell
}

// quotedFormula reports whether cell, after any leading single quotes,
// starts with a character that starts a formula.
func quotedFormula(cell string) bool {
	rest := strings.TrimLeft(cell, "'")
	return rest != "" && formulaStart(rest[0])
}

// formulaStart reports whether a cell starting with b is read as a formula
// (or, for tab and carriage return, can hide one from view) by spreadsheets.
func formulaStart(b byte) bool {
	switch b {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}
