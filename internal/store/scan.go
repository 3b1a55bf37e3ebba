package store

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// timeCol scans a time column of either dialect into *t: unix milliseconds
// (SQLite), a timestamptz (PostgreSQL) or NULL (the zero time). Times come
// back in UTC.
type timeCol struct{ t *time.Time }

// at returns a scanner for a time column.
func at(t *time.Time) timeCol { return timeCol{t} }

func (c timeCol) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*c.t = time.Time{}
	case int64:
		*c.t = time.UnixMilli(v).UTC()
	case time.Time:
		*c.t = v.UTC()
	default:
		return fmt.Errorf("store: scan %T into a time", v)
	}
	return nil
}

// jsonCol scans a JSON column (TEXT in SQLite, jsonb in PostgreSQL) into the
// value v points to.
type jsonCol struct{ v any }

func (c jsonCol) Scan(src any) error {
	var b []byte
	switch src := src.(type) {
	case string:
		b = []byte(src)
	case []byte:
		b = src
	case nil:
		return nil
	default:
		return fmt.Errorf("store: scan %T as JSON", src)
	}
	if err := json.Unmarshal(b, c.v); err != nil {
		return fmt.Errorf("store: decode JSON column: %w", err)
	}
	return nil
}

// jsonText encodes v as JSON text for a JSON column.
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("store: encode JSON: " + err.Error()) // only plain values are encoded
	}
	return string(b)
}

// durationSeconds scans an integer number of seconds into a duration.
type durationSeconds struct{ d *time.Duration }

func (c durationSeconds) Scan(v any) error {
	n, ok := v.(int64)
	if !ok {
		return fmt.Errorf("store: scan %T as seconds", v)
	}
	*c.d = time.Duration(n) * time.Second
	return nil
}

// idColumn reads a query's one int64 column (a query's rows and error, as
// query returns them), closing the rows.
func idColumn(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
