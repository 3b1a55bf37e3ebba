package store

import (
	"testing"
	"time"
)

// TestClusterInputWaitsForStoryWriters: on PostgreSQL, ClusterInput reads
// only once the story writers in flight have ended, so that no story with a
// smaller id can commit after the worker read a larger one.
func TestClusterInputWaitsForStoryWriters(t *testing.T) {
	db := openFresh(t)
	locked, hold, wrote := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		wrote <- db.writeStories(t.Context(), nil, func(*batch) error {
			close(locked)
			<-hold
			return nil
		})
	}()
	<-locked
	read := make(chan error, 1)
	go func() {
		_, err := db.ClusterInput(t.Context(), 0, 10)
		read <- err
	}()
	select {
	case err := <-read:
		t.Fatalf("ClusterInput returned (%v) while a story writer was in flight", err)
	case <-time.After(300 * time.Millisecond):
	}
	close(hold)
	if err := <-wrote; err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-read:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("ClusterInput still waits after the writer ended")
	}
}
