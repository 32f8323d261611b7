// Package tlsfail recognises TLS handshakes that cannot succeed as
// configured, for errors that tell the owner to check the TLS settings
// rather than to wait and retry.
package tlsfail

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
)

// Is reports whether err says the TLS handshake cannot succeed as
// configured: a certificate that does not verify, a peer that does not
// speak TLS on the port, or a TLS alert.
func Is(err error) bool {
	var (
		verify   *tls.CertificateVerificationError
		header   tls.RecordHeaderError
		alert    tls.AlertError
		unknown  x509.UnknownAuthorityError
		hostname x509.HostnameError
		invalid  x509.CertificateInvalidError
	)
	return errors.As(err, &verify) || errors.As(err, &header) || errors.As(err, &alert) ||
		errors.As(err, &unknown) || errors.As(err, &hostname) || errors.As(err, &invalid)
}
