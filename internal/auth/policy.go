package auth

import "github.com/heraldnews/herald"

// RequireAdmin is the one check for administrators' actions, in the API and
// the web pages alike: EFORBIDDEN "only an administrator may WHAT" unless u
// is an administrator (nil, an anonymous caller, is not).
func RequireAdmin(u *herald.User, what string) error {
	if u == nil || !u.IsAdmin {
		return herald.Errorf(herald.EFORBIDDEN, "only an administrator may %s", what)
	}
	return nil
}

// MayAddSources reports whether u may add sources for the whole install
// (one at a time or from OPML): administrators may; readers may when the
// operator allows it (readersAllowed, the --readers-add-sources setting).
// Otherwise EFORBIDDEN, naming the setting.
func MayAddSources(u *herald.User, readersAllowed bool) error {
	if readersAllowed && u != nil {
		return nil
	}
	if err := RequireAdmin(u, "add sources"); err != nil {
		return herald.Errorf(herald.EFORBIDDEN,
			"only an administrator may add sources on this server (the operator can let readers with --readers-add-sources)")
	}
	return nil
}
