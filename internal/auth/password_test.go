package auth

import (
	"encoding/hex"
	"errors"
	"regexp"
	"testing"
)

var phcPattern = regexp.MustCompile(`^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$`)

func TestHashPasswordRoundTrip(t *testing.T) {
	h1, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !phcPattern.MatchString(h1) {
		t.Fatalf("hash %q is not an OWASP-parameter argon2id PHC string", h1)
	}
	for _, tc := range []struct {
		name string
		pw   string
		want bool
	}{
		{"right password", "correct horse battery", true},
		{"wrong password", "correct horse battery!", false},
		{"empty password", "", false},
		{"case differs", "Correct horse battery", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := CheckPassword(h1, tc.pw)
			if err != nil || got != tc.want {
				t.Fatalf("CheckPassword = %v, %v; want %v, nil", got, err, tc.want)
			}
		})
	}
	h2, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if h1 == h2 {
		t.Error("two hashes of one password are equal; the salt is not random")
	}
}

// TestCheckPasswordReadsParameters checks a hash made elsewhere: the argon2id test
// vector of golang.org/x/crypto (password "password", salt "somesalt", t=3, m=256,
// p=2, 24-byte key). It verifies only if the parameters come from the string.
func TestCheckPasswordReadsParameters(t *testing.T) {
	key, _ := hex.DecodeString("4668d30ac4187e6878eedeacf0fd83c5a0a30db2cc16ef0b")
	hash := "$argon2id$v=19$m=256,t=3,p=2$" + b64.EncodeToString([]byte("somesalt")) + "$" + b64.EncodeToString(key)
	ok, err := CheckPassword(hash, "password")
	if err != nil || !ok {
		t.Fatalf("CheckPassword(vector) = %v, %v; want true, nil", ok, err)
	}
	p, err := ParseParams(hash)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Params{Memory: 256, Time: 3, Threads: 2}); p != want {
		t.Errorf("ParseParams = %+v, want %+v", p, want)
	}
	if ok, _ := CheckPassword(hash, "passwore"); ok {
		t.Error("a wrong password matched the vector")
	}
}

func TestCheckPasswordMalformed(t *testing.T) {
	salt := b64.EncodeToString([]byte("0123456789abcdef"))
	key := b64.EncodeToString(make([]byte, 32))
	for _, tc := range []struct{ name, hash string }{
		{"empty", ""},
		{"bcrypt", "$2a$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy"},
		{"argon2i", "$argon2i$v=19$m=19456,t=2,p=1$" + salt + "$" + key},
		{"old version", "$argon2id$v=16$m=19456,t=2,p=1$" + salt + "$" + key},
		{"missing key", "$argon2id$v=19$m=19456,t=2,p=1$" + salt},
		{"extra field", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$x"},
		{"no leading dollar", "argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + key + "$"},
		{"params out of order", "$argon2id$v=19$t=2,m=19456,p=1$" + salt + "$" + key},
		{"param not a number", "$argon2id$v=19$m=lots,t=2,p=1$" + salt + "$" + key},
		{"negative param", "$argon2id$v=19$m=19456,t=-2,p=1$" + salt + "$" + key},
		{"zero time", "$argon2id$v=19$m=19456,t=0,p=1$" + salt + "$" + key},
		{"zero threads", "$argon2id$v=19$m=19456,t=2,p=0$" + salt + "$" + key},
		{"too many threads", "$argon2id$v=19$m=19456,t=2,p=256$" + salt + "$" + key},
		{"absurd memory", "$argon2id$v=19$m=4294967295,t=2,p=1$" + salt + "$" + key},
		{"memory below 8 per lane", "$argon2id$v=19$m=8,t=2,p=4$" + salt + "$" + key},
		{"absurd time", "$argon2id$v=19$m=19456,t=100000,p=1$" + salt + "$" + key},
		{"salt not base64", "$argon2id$v=19$m=19456,t=2,p=1$!!!!$" + key},
		{"padded salt", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "==$" + key},
		{"short salt", "$argon2id$v=19$m=19456,t=2,p=1$" + b64.EncodeToString([]byte("abc")) + "$" + key},
		{"short key", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$" + b64.EncodeToString(make([]byte, 8))},
		{"key not base64", "$argon2id$v=19$m=19456,t=2,p=1$" + salt + "$***"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ok, err := CheckPassword(tc.hash, "password")
			if ok || !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("CheckPassword(%q) = %v, %v; want false, ErrMalformedHash", tc.hash, ok, err)
			}
		})
	}
}

func FuzzParseHash(f *testing.F) {
	f.Add("$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
	f.Add("$argon2id$v=19$m=256,t=3,p=2$c29tZXNhbHQ$RmjTCsQYfmh47t6s8P2DxaCjDbLMFu8L")
	f.Add("$argon2i$v=19$m=1,t=1,p=1$$")
	f.Fuzz(func(t *testing.T, hash string) {
		ph, err := parseHash(hash)
		if err != nil {
			if !errors.Is(err, ErrMalformedHash) {
				t.Fatalf("error %v does not wrap ErrMalformedHash", err)
			}
			return
		}
		if ph.Memory > maxMemory || ph.Time < 1 || ph.Time > maxTime || ph.Threads < 1 ||
			len(ph.salt) < minSaltLen || len(ph.key) < minKeyLen || len(ph.key) > maxKeyLen {
			t.Fatalf("parseHash(%q) accepted out-of-bounds values %+v", hash, ph)
		}
	})
}

func BenchmarkHashPassword(b *testing.B) {
	for b.Loop() {
		if _, err := HashPassword("correct horse battery"); err != nil {
			b.Fatal(err)
		}
	}
}
