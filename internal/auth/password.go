package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters recorded in a PHC hash string.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
}

// DefaultParams are the OWASP Password Storage Cheat Sheet minimum for argon2id:
// 19 MiB of memory, two passes, one lane.
var DefaultParams = Params{Memory: 19456, Time: 2, Threads: 1}

const (
	saltLen = 16
	keyLen  = 32

	// Bounds for parameters read from a stored hash, so that a corrupt or hostile
	// hash string cannot make CheckPassword allocate gigabytes or spin for minutes.
	maxMemory  = 1 << 20 // 1 GiB in KiB
	maxTime    = 64
	minSaltLen = 8
	minKeyLen  = 16
	maxKeyLen  = 128
)

// ErrMalformedHash is returned (wrapped) by CheckPassword when the stored hash is
// not an argon2id PHC string it can verify.
var ErrMalformedHash = errors.New("malformed password hash")

var b64 = base64.RawStdEncoding // PHC strings use unpadded standard base64

// HashPassword returns an argon2id hash of pw in PHC string format,
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>", with a random 16-byte salt.
func HashPassword(pw string) (string, error) {
	return hashWith(pw, DefaultParams)
}

func hashWith(pw string, p Params) (string, error) {
	salt := make([]byte, saltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, keyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// CheckPassword reports whether pw matches hash, an argon2id PHC string as made by
// HashPassword (its parameters are read from the string). The comparison takes
// constant time. It returns an error wrapping ErrMalformedHash when hash cannot be
// parsed or its parameters are out of bounds; a wrong password is (false, nil).
func CheckPassword(hash, pw string) (bool, error) {
	ph, err := parseHash(hash)
	if err != nil {
		return false, fmt.Errorf("check password: %w", err)
	}
	key := argon2.IDKey([]byte(pw), ph.salt, ph.Time, ph.Memory, ph.Threads, uint32(len(ph.key)))
	return subtle.ConstantTimeCompare(key, ph.key) == 1, nil
}

// parsedHash is a decoded PHC string.
type parsedHash struct {
	Params
	salt, key []byte
}

// ParseParams returns the cost parameters recorded in an argon2id PHC string.
func ParseParams(hash string) (Params, error) {
	ph, err := parseHash(hash)
	if err != nil {
		return Params{}, fmt.Errorf("parse password hash: %w", err)
	}
	return ph.Params, nil
}

func parseHash(hash string) (parsedHash, error) {
	// "", "argon2id", "v=19", "m=…,t=…,p=…", salt, key
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return parsedHash{}, fmt.Errorf("%w: not an argon2id PHC string", ErrMalformedHash)
	}
	if parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return parsedHash{}, fmt.Errorf("%w: unsupported version %q", ErrMalformedHash, parts[2])
	}
	p, err := parseParams(parts[3])
	if err != nil {
		return parsedHash{}, err
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < minSaltLen {
		return parsedHash{}, fmt.Errorf("%w: bad salt", ErrMalformedHash)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < minKeyLen || len(key) > maxKeyLen {
		return parsedHash{}, fmt.Errorf("%w: bad key", ErrMalformedHash)
	}
	return parsedHash{Params: p, salt: salt, key: key}, nil
}

// parseParams parses "m=19456,t=2,p=1"; each key must appear once, in that order.
func parseParams(s string) (Params, error) {
	fields := strings.Split(s, ",")
	if len(fields) != 3 {
		return Params{}, fmt.Errorf("%w: parameters %q", ErrMalformedHash, s)
	}
	var vals [3]uint64
	for i, name := range []string{"m", "t", "p"} {
		v, ok := strings.CutPrefix(fields[i], name+"=")
		n, err := strconv.ParseUint(v, 10, 32)
		if !ok || err != nil {
			return Params{}, fmt.Errorf("%w: parameter %q", ErrMalformedHash, fields[i])
		}
		vals[i] = n
	}
	p := Params{Memory: uint32(vals[0]), Time: uint32(vals[1])}
	if vals[2] < 1 || vals[2] > 255 || p.Time < 1 || p.Time > maxTime ||
		p.Memory < 8*uint32(vals[2]) || p.Memory > maxMemory {
		return Params{}, fmt.Errorf("%w: parameters out of range %q", ErrMalformedHash, s)
	}
	p.Threads = uint8(vals[2])
	return p, nil
}
