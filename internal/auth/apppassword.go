package auth

import (
	"context"
	"crypto/hmac"
	"crypto/md5"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	"github.com/heraldnews/herald"
)

// App passwords are what a reader types into a feed reader app (Reeder,
// NetNewsWire, ReadYou, FeedMe…) in place of their account password: the
// Google Reader API's ClientLogin and the Fever API take them, and never
// the account password. One is 24 characters from appAlphabet, shown in
// groups of four ("abcd-efgh-…"), about 119 bits of randomness.
const (
	appPasswordChars = 24
	appAlphabet      = "abcdefghjkmnpqrstuvwxyz23456789" // no 0/o, 1/l/i: easy to type on a phone
)

// wrongAppPassword is the one answer to a name and password, or a key, that
// no app password matches.
var wrongAppPassword = herald.Errorf(herald.EUNAUTHORIZED,
	"wrong name or app password: feed reader apps sign in with an app password (create one in Settings, or with herald token create NAME --app-password), never the account password")

// CreateAppPassword issues an app password named name (what the reader
// calls the app it is for) for u and returns it. Only a hash is stored: the
// SHA-256 of AppPasswordKey(u.Name, password), so that a name and password
// (ClientLogin) and a Fever key find it alike; it cannot be shown again.
// EINVALID for an empty or over-long name. See IssueToken.
func (s *Service) CreateAppPassword(ctx context.Context, u *herald.User, name string) (string, error) {
	_, pw, err := s.IssueToken(ctx, u, herald.TokenAppPassword, name)
	return pw, err
}

// AppPasswordKey is the Fever API's api_key for a name and password: the
// lower-case hex MD5 of "NAME:PASSWORD". Herald's Google Reader auth token
// carries it too.
func AppPasswordKey(name, password string) string {
	sum := md5.Sum([]byte(name + ":" + password))
	return hex.EncodeToString(sum[:])
}

// AppPasswordUser returns the reader and the app password whose key
// (AppPasswordKey of the reader's name and the app password) is key, and
// notes the use (see Tokens). EUNAUTHORIZED when none matches,
// EUNAVAILABLE when the store cannot answer.
func (s *Service) AppPasswordUser(ctx context.Context, key string) (*herald.User, *herald.Token, error) {
	key = strings.ToLower(strings.TrimSpace(key))
	if b, err := hex.DecodeString(key); err != nil || len(b) != md5.Size {
		return nil, nil, wrongAppPassword
	}
	t, u, err := s.users.LookupToken(ctx, hashSecret(key))
	if herald.IsNotFound(err) || err == nil && t.Kind != herald.TokenAppPassword {
		return nil, nil, wrongAppPassword
	}
	if err != nil {
		return nil, nil, unavailable("authenticate app password", err)
	}
	s.used.note(t.ID, s.now())
	return u, t, nil
}

// AppPasswordLogin returns the reader named name whose app password is
// password, and the key (AppPasswordKey) that stands for it afterwards.
// The account password is never accepted. EUNAUTHORIZED otherwise.
func (s *Service) AppPasswordLogin(ctx context.Context, name, password string) (*herald.User, string, error) {
	key := AppPasswordKey(name, password)
	u, _, err := s.AppPasswordUser(ctx, key)
	if err != nil {
		return nil, "", err
	}
	if u.Name != name {
		return nil, "", wrongAppPassword
	}
	return u, key, nil
}

// ActionToken returns the write token (Google Reader's "T") that goes with
// an app password's key: an HMAC of the key under the server's device-cookie
// secret, 57 characters like Google's, the same on every instance and until
// the app password is revoked.
func (s *Service) ActionToken(ctx context.Context, key string) (string, error) {
	secret, err := s.opts.LoginState.DeviceKey(ctx)
	if err != nil {
		return "", unavailable("action token", err)
	}
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte("herald-greader-action-token:" + key))
	return hex.EncodeToString(mac.Sum(nil))[:57], nil
}

// newAppPassword returns appPasswordChars random characters of appAlphabet
// in dash-separated groups of four.
func newAppPassword() (string, error) {
	var b strings.Builder
	n := big.NewInt(int64(len(appAlphabet)))
	for i := range appPasswordChars {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		k, err := rand.Int(rand.Reader, n)
		if err != nil {
			return "", fmt.Errorf("random: %w", err)
		}
		b.WriteByte(appAlphabet[k.Int64()])
	}
	return b.String(), nil
}
