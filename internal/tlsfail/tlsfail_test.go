package tlsfail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"testing"
)

func TestIs(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{fmt.Errorf("dial: %w", x509.UnknownAuthorityError{}), true},
		{fmt.Errorf("handshake: %w", tls.RecordHeaderError{Msg: "first record does not look like a TLS handshake"}), true},
		{tls.AlertError(40), true},
		{errors.New("connection refused"), false},
		{nil, false},
	} {
		if got := Is(tt.err); got != tt.want {
			t.Errorf("Is(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
