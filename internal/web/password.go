package web

import "crypto/rand"

// newPassword makes a password for an account an administrator adds or
// resets: 26 base32 characters, 128 random bits (crypto/rand.Text).
func newPassword() (string, error) { return rand.Text(), nil }
