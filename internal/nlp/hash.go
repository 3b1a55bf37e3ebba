package nlp

import (
	"unicode"
	"unicode/utf8"
)

// Feature hashing. Every feature is a 64-bit hash of a template number and
// one or more value hashes; nothing allocates.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
	golden    = 0x9E3779B97F4A7C15
)

// hashString returns the FNV-1a hash of s.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashRune adds the UTF-8 bytes of r to the FNV-1a hash h.
func hashRune(h uint64, r rune) uint64 {
	if r < utf8.RuneSelf {
		h ^= uint64(r)
		return h * fnvPrime
	}
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], r)
	for _, c := range buf[:n] {
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// hashLower returns the hash of strings.ToLower(s) without building it.
func hashLower(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h ^= uint64(c)
			h *= fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		h = hashRune(h, unicode.ToLower(r))
		i += size
	}
	return h
}

// mix is the splitmix64 finaliser: it spreads the bits of h.
func mix(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// feat returns the feature hash of template t with value v.
func feat(t uint64, v uint64) uint64 { return mix(v ^ (t+1)*golden) }

// feat2 returns the feature hash of template t with values a and b.
func feat2(t uint64, a, b uint64) uint64 { return mix(mix(a^(t+1)*golden) + b) }

// feat3 returns the feature hash of template t with values a, b and c.
func feat3(t uint64, a, b, c uint64) uint64 { return mix(mix(mix(a^(t+1)*golden)+b) + c) }
