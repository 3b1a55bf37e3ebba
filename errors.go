// Package herald holds Herald's domain types, the store interfaces and the error
// codes that every other package shares. It imports only the standard library.
package herald

import (
	"errors"
	"fmt"
)

// Error codes. One place (the HTTP layer) maps them to status codes.
const (
	ECONFLICT     = "conflict"     // the request clashes with what exists
	EINTERNAL     = "internal"     // a bug or an outage; details stay in the log
	EINVALID      = "invalid"      // the input is malformed; Message names the field
	ENOTFOUND     = "not_found"    // the thing does not exist (or is not the caller's)
	EUNAUTHORIZED = "unauthorized" // no valid credentials
	EFORBIDDEN    = "forbidden"    // valid credentials, not allowed
	EUNAVAILABLE  = "unavailable"  // a dependency is down or refused; try later
	ETOOMANY      = "too_many"     // too many attempts of late; slow down and try later
)

// Error is an application error with a code and a message meant for the user.
// Wrap it with fmt.Errorf("op: %w", err); ErrorCode and ErrorMessage see through wrapping.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("herald %s: %s", e.Code, e.Message) }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of the first *Error in err's chain,
// or "internal error" for any other error, so that internals never reach a user.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// IsNotFound reports whether err carries ENOTFOUND.
func IsNotFound(err error) bool { return ErrorCode(err) == ENOTFOUND }
