package websub

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"strings"
)

// signatureHashes are the X-Hub-Signature methods WebSub defines.
var signatureHashes = map[string]func() hash.Hash{
	"sha1":   sha1.New,
	"sha256": sha256.New,
	"sha384": sha512.New384,
	"sha512": sha512.New,
}

// errNoSignature: a push without X-Hub-Signature for a subscription with a secret.
var errNoSignature = errors.New("no X-Hub-Signature")

// errBadSignature: the signature does not match the body.
var errBadSignature = errors.New("X-Hub-Signature does not match the body")

// checkSignature verifies header, "method=hex" as in "sha256=9f86d0…", as the
// HMAC of body under secret, in constant time. The error says what was wrong
// without repeating the header.
func checkSignature(secret, header string, body []byte) error {
	if header == "" {
		return errNoSignature
	}
	method, sig, ok := strings.Cut(strings.TrimSpace(header), "=")
	newHash := signatureHashes[strings.ToLower(method)]
	if !ok || newHash == nil {
		return fmt.Errorf("X-Hub-Signature: unknown method %.16q", method)
	}
	want, err := hex.DecodeString(sig)
	if err != nil {
		return errors.New("X-Hub-Signature: signature is not hex")
	}
	mac := hmac.New(newHash, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(mac.Sum(nil), want) {
		return errBadSignature
	}
	return nil
}
