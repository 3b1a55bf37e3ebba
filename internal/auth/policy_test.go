package auth

import (
	"testing"

	"github.com/heraldnews/herald"
)

func TestPolicy(t *testing.T) {
	admin, reader := &herald.User{ID: 1, IsAdmin: true}, &herald.User{ID: 2}
	for _, tc := range []struct {
		name           string
		u              *herald.User
		readersAllowed bool
		admin, add     string // wanted codes of RequireAdmin and MayAddSources
	}{
		{"admin", admin, false, "", ""},
		{"reader", reader, false, herald.EFORBIDDEN, herald.EFORBIDDEN},
		{"reader allowed to add", reader, true, herald.EFORBIDDEN, ""},
		{"anonymous", nil, true, herald.EFORBIDDEN, herald.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := herald.ErrorCode(RequireAdmin(tc.u, "merge topics")); got != tc.admin {
				t.Errorf("RequireAdmin = %q, want %q", got, tc.admin)
			}
			err := MayAddSources(tc.u, tc.readersAllowed)
			if got := herald.ErrorCode(err); got != tc.add {
				t.Errorf("MayAddSources = %q, want %q", got, tc.add)
			}
			if err != nil && herald.ErrorMessage(err) == "" {
				t.Error("MayAddSources refused without a message")
			}
		})
	}
}
