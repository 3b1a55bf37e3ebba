package store

import (
	"context"
	"fmt"
)

// SaveModel stores data as the named model's next version and returns that
// version (1 for the first).
func (db *DB) SaveModel(ctx context.Context, name string, data []byte) (int64, error) {
	var version int64
	err := db.writeRow(ctx, `INSERT INTO models (name, version, data, updated_at) VALUES ($1, 1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET version = models.version + 1, data = excluded.data,
			updated_at = excluded.updated_at
		RETURNING version`, name, data, db.t(db.clock())).Scan(&version)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("save model %q", name), "")
	}
	return version, nil
}

// ModelVersion returns the named model's current version; ENOTFOUND if none
// is stored. It is cheap: instances poll it to see a model another one saved.
func (db *DB) ModelVersion(ctx context.Context, name string) (int64, error) {
	var version int64
	err := db.queryRow(ctx, `SELECT version FROM models WHERE name = $1`, name).Scan(&version)
	if err != nil {
		return 0, db.wrap(err, fmt.Sprintf("model %q", name), fmt.Sprintf("no model %q stored", name))
	}
	return version, nil
}

// Model returns the named model's data and version; ENOTFOUND if none is stored.
func (db *DB) Model(ctx context.Context, name string) ([]byte, int64, error) {
	var data []byte
	var version int64
	err := db.queryRow(ctx, `SELECT data, version FROM models WHERE name = $1`, name).Scan(&data, &version)
	if err != nil {
		return nil, 0, db.wrap(err, fmt.Sprintf("model %q", name), fmt.Sprintf("no model %q stored", name))
	}
	return data, version, nil
}
