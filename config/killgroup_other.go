//go:build !unix

package config

import "os/exec"

// killGroupOnCancel leaves exec's default, killing only the shell, where
// process groups are not available.
func killGroupOnCancel(cmd *exec.Cmd) {}
