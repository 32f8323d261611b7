// Package bytesize writes a number of bytes for people, as doctor and
// backup show the size of a database file.
package bytesize

import "fmt"

// Format returns n bytes in binary units with one decimal: "812 B",
// "1.4 KiB", "3.0 MiB", up to EiB. A negative n is written as bytes.
func Format(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
