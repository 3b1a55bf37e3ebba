//go:build !unix

package cputime

import "time"

// Used is 0 where the process CPU time cannot be read.
func Used() time.Duration { return 0 }
