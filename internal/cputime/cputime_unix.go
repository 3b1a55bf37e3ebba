//go:build unix

// Package cputime reads the CPU time the process has used: what benchmarks
// on a shared machine report besides wall time, since other processes slow
// the wall clock but not this.
package cputime

import (
	"syscall"
	"time"
)

// Used is the CPU time (user and system) the process has used so far, 0
// where the system does not say.
func Used() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
