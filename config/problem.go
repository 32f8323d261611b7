package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Problem is one thing wrong (or, from Warnings, worth fixing) in a
// configuration.
type Problem struct {
	// File is the config file, "" for built-in defaults.
	File string
	// Key is the dotted key at fault, e.g. "workflow.send_mode".
	Key string
	// Line is where Key (or, when Key is not written, its table) is written
	// in File; 0 when neither is.
	Line int
	// Message says what is wrong.
	Message string
	// Hint suggests a fix; it may be "".
	Hint string
}

// String formats p as `FILE:LINE: KEY: MESSAGE (HINT)`, leaving out the
// parts that are unknown.
func (p Problem) String() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			b.WriteString(":" + strconv.Itoa(p.Line))
		}
		b.WriteString(": ")
	}
	if p.Key != "" {
		b.WriteString(p.Key + ": ")
	}
	b.WriteString(p.Message)
	if p.Hint != "" {
		b.WriteString(" (" + p.Hint + ")")
	}
	return b.String()
}

// Text formats p as String does, without the hint: `FILE:LINE: KEY:
// MESSAGE`, for a report that shows the hint apart.
func (p Problem) Text() string {
	p.Hint = ""
	return p.String()
}

// Problems is a list of problems. As an error, it is what Validate returns.
type Problems []Problem

// Keys returns the keys of the problems whose key starts with prefix
// ("imap." for the [imap] table), in order; nil when there are none.
func (ps Problems) Keys(prefix string) []string {
	var keys []string
	for _, p := range ps {
		if strings.HasPrefix(p.Key, prefix) {
			keys = append(keys, p.Key)
		}
	}
	return keys
}

// Error returns the problems one per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// collector gathers problems about one Config.
type collector struct {
	c  *Config
	ps Problems
}

// add records a problem with key; hint may be "".
func (k *collector) add(key, hint, format string, args ...any) {
	k.ps = append(k.ps, Problem{
		File:    k.c.Path,
		Key:     key,
		Line:    k.c.lineOf(key),
		Message: fmt.Sprintf(format, args...),
		Hint:    hint,
	})
}
