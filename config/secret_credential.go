package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// credentialsDirEnv is the variable systemd sets for a service that has
// credentials (LoadCredential=, SetCredential=, LoadCredentialEncrypted=…).
const credentialsDirEnv = "CREDENTIALS_DIRECTORY"

// CredentialPath returns the file that holds the systemd credential name:
// name in $CREDENTIALS_DIRECTORY. It fails when the variable is unset,
// which it is outside a systemd service that has credentials.
func CredentialPath(name string) (string, error) {
	dir := os.Getenv(credentialsDirEnv)
	if dir == "" {
		return "", fmt.Errorf("password_credential %q: $%s is not set: it is only set when systemd starts rapport "+
			"with LoadCredential=%s:/path/to/file; use password_file outside systemd", name, credentialsDirEnv, name)
	}
	return filepath.Join(dir, name), nil
}

// readCredential reads the password in the systemd credential name.
func readCredential(name string) (string, error) {
	path, err := CredentialPath(name)
	if err != nil {
		return "", err
	}
	pw, err := readSecretFile(fmt.Sprintf("password_credential %q", name), path)
	if errors.Is(err, fs.ErrNotExist) {
		return "", fmt.Errorf("%w (add LoadCredential=%s:/path/to/file to rapport's unit)", err, name)
	}
	return pw, err
}

// credentialNameProblem says what is wrong with a credential name, "" when
// nothing is: systemd names a credential by a file name, not a path.
func credentialNameProblem(name string) string {
	switch {
	case name == "." || name == ".." || strings.ContainsRune(name, '/'):
		return fmt.Sprintf("%q is not a credential name", name)
	case strings.ContainsAny(name, " \t\r\n:"):
		return fmt.Sprintf("%q holds a space or colon, which LoadCredential= cannot name", name)
	}
	return ""
}
